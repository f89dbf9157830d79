package org.uaespark.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine;

/** A command that only groups subcommands: called without one, it prints its usage and exits with the usage code. */
abstract class CommandGroup implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
