package org.uaespark.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import ai.djl.ndarray.NDManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.uaespark.attack.AttackMethod;
import org.uaespark.attack.AttackSettings;
import org.uaespark.attack.ConvergedMine;
import org.uaespark.config.AttackProfiles;
import org.uaespark.config.ConfigLoader;
import org.uaespark.config.ConfigurationException;
import org.uaespark.mine.GaussianCalibration;
import org.uaespark.models.optim.OptimizerSpec;

/**
 * {@code uae mine-check}: does the attack's per-sample MINE estimate mutual information within the attack's budget?
 * Trains the estimator of an attack profile (K, p, towers, its learning rate and moving average) on correlated
 * Gaussian pairs with a closed-form value and prints the estimate at the attack's budget (iterations × MINE steps)
 * and beyond, next to a reference budget's. Needs no run and no Spark job.
 */
@Command(name = "mine-check", mixinStandardHelpOptions = true,
        header = "Check MINE on Gaussian pairs of known mutual information.",
        description = {"Train the per-sample MINE of an attack profile on K fresh pairs of p-vectors per step",
                "(u ~ N(0, I), v = rho u + sqrt(1 - rho^2) e; I = -(p/2) ln(1 - rho^2) nats) and print the mean",
                "estimate over the replicates (20-step trailing mean) at the profile's learning rate and at a",
                "reference one, at the attack's budget (iterations x mine-steps) and at the reference's steps."})
final class MineCheckCommand implements Callable<Integer> {
    private static final int SMOOTHING = 20;

    @Mixin
    CommonOptions common;

    @Mixin
    ComputeOptions compute;

    @Spec
    CommandSpec spec;

    @Option(names = "--attack-profile", paramLabel = "NAME", description = "Entry of uae.attack-profiles (default: "
            + "uae.attack.profile).")
    String profile;

    @Option(names = "--rho", paramLabel = "R", description = "Correlation per coordinate (default: ${DEFAULT-VALUE}).")
    double rho = 0.2;

    @Option(names = "--steps", paramLabel = "N", description = "Steps of both estimators (default: ${DEFAULT-VALUE}; "
            + "at least the attack's budget is run).")
    int steps = 2000;

    @Option(names = "--learning-rate", paramLabel = "LR", description = "The reference's Adam learning rate "
            + "(default: ${DEFAULT-VALUE}).")
    double learningRate = ConvergedMine.REFERENCE_LEARNING_RATE;

    @Option(names = "--moving-average", paramLabel = "RATE", description = "The reference's bias-correction rate "
            + "(default: ${DEFAULT-VALUE}).")
    double movingAverage = ConvergedMine.REFERENCE_MOVING_AVERAGE;

    @Option(names = "--replicates", paramLabel = "N", description = "Independent networks averaged (default: "
            + "${DEFAULT-VALUE}).")
    int replicates = 8;

    @Override
    public Integer call() {
        ConfigLoader.Loaded config = ConfigLoader.load(common.profile, System.getProperties(), compute.addTo(common.overrides()));
        String name = profile != null ? profile : config.config().getString("uae.attack.profile").trim();
        AttackSettings s = AttackProfiles.read(config.config(), name, AttackMethod.MINE);
        if (steps < 1 || replicates < 1 || !(Math.abs(rho) < 1)) {
            throw new ConfigurationException("--steps and --replicates must be positive and |--rho| < 1");
        }
        int budget = s.iterations() * s.mineSteps();
        int total = Math.max(steps, budget);
        OptimizerSpec attackAdam = s.mineOptimizer();
        OptimizerSpec reference = attackAdam.withLearningRate(learningRate);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "profile %s: K %d, p %d, towers %d -> %d; attack budget %d x %d = %d steps%n", name,
                s.k(), s.p(), s.hidden(), s.towerOut(), s.iterations(), s.mineSteps(), budget);
        out.printf(Locale.ROOT, "closed form I = -(p/2) ln(1 - rho^2) = %.4f nats (rho %.3f); ln K = %.4f bounds a "
                + "DV estimate on K pairs%n", GaussianCalibration.closedForm(s.p(), rho), rho, Math.log(s.k()));
        out.flush();
        double[] attack;
        double[] converged;
        try (NDManager manager = NDManager.newBaseManager()) {
            attack = GaussianCalibration.trace(manager, s.k(), s.p(), rho, s.hidden(), s.towerOut(), attackAdam,
                    s.mineMovingAverage(), total, replicates, 1);
            converged = GaussianCalibration.trace(manager, s.k(), s.p(), rho, s.hidden(), s.towerOut(), reference,
                    movingAverage, total, replicates, 1);
        }
        out.printf(Locale.ROOT, "%8s %28s %28s%n", "step", String.format(Locale.ROOT, "lr %.2g, avg %.3g (profile)",
                attackAdam.learningRate(), s.mineMovingAverage()), String.format(Locale.ROOT, "lr %.2g, avg %.3g",
                learningRate, movingAverage));
        TreeSet<Integer> checkpoints = new TreeSet<>();
        for (int i = 1; i <= 10; i++) {
            checkpoints.add(Math.max(1, total * i / 10));
        }
        checkpoints.add(budget);
        for (int step : checkpoints) {
            out.printf(Locale.ROOT, "%8d %28.4f %28.4f%s%n", step, trailingMean(attack, step),
                    trailingMean(converged, step), step == budget ? "   <- the attack's budget" : "");
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static double trailingMean(double[] trace, int step) {
        int from = Math.max(0, step - SMOOTHING);
        double sum = 0;
        for (int i = from; i < step; i++) {
            sum += trace[i];
        }
        return sum / (step - from);
    }
}
