package org.iems.api.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a configuration property holding a list of networks: addresses or CIDR ranges, separated
 * by spaces or commas, as {@link org.iems.api.net.AddressRange#parseList(String)} reads them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Networks {
}
