package org.uaespark.pipeline.ml;

import java.io.Serializable;
import java.util.function.Predicate;

import scala.runtime.AbstractFunction1;

/**
 * A Spark ML parameter validator from a Java predicate: what {@code ParamValidators} offers for numbers, for strings
 * and string arrays. Serializable, as a transformer's parameters travel with it.
 *
 * @param <T> the parameter's value type
 */
final class Check<T> extends AbstractFunction1<T, Object> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A predicate that travels to executors. */
    interface Rule<T> extends Predicate<T>, Serializable {
    }

    private final Rule<T> rule;

    private Check(Rule<T> rule) {
        this.rule = rule;
    }

    /** A validator accepting the values {@code rule} accepts (null never). */
    static <T> Check<T> of(Rule<T> rule) {
        return new Check<>(rule);
    }

    @Override
    public Object apply(T value) {
        return value != null && rule.test(value);
    }
}
