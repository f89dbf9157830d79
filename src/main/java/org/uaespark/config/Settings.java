package org.uaespark.config;

import java.util.function.Supplier;

import com.typesafe.config.ConfigException;

/** Turns the config library's and the value objects' errors into {@link ConfigurationException}s naming the section. */
final class Settings {
    private Settings() {
    }

    static <T> T read(String section, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ConfigException | IllegalArgumentException e) {
            throw new ConfigurationException("configuration " + section + ": " + e.getMessage(), e);
        }
    }
}
