/**
 * Checking a component's configuration before it is applied. A component's metatype interface
 * says what each property holds (its Java type) and, with {@link org.iems.api.config.Range},
 * {@link org.iems.api.config.Networks} and {@link org.iems.api.config.OneOf}, which values make
 * sense; {@link org.iems.api.config.ConfigurationCheck} holds the properties Configuration Admin
 * delivers against it, so that a bad value is refused with the key it is under, and the running
 * configuration stays, rather than being coerced to a default or clamped.
 */
@Version("1.2.0")
@Export
package org.iems.api.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
