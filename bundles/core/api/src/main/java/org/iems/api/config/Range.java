package org.iems.api.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a numeric configuration property may take, bounds included. A numeric property
 * without this annotation may take any value from 0 up: no IEMS setting is negative.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Range {

    /** Port numbers: 1 to 65535, and 0 for a free port the system picks (as tests do). */
    long PORT_MIN = 0;

    /** The highest port number. */
    long PORT_MAX = 65535;

    /**
     * The smallest value allowed.
     *
     * @return the lower bound, included
     */
    long min() default 0;

    /**
     * The largest value allowed.
     *
     * @return the upper bound, included
     */
    long max() default Long.MAX_VALUE;
}
