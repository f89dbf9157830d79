package org.uaespark.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import org.uaespark.models.ModelKind;

/** Reads a model name on the command line; a wrong one is a usage error (exit 2) listing the known names. */
final class ModelKindConverter implements ITypeConverter<ModelKind> {
    @Override
    public ModelKind convert(String value) {
        try {
            return ModelKind.fromConfig(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
