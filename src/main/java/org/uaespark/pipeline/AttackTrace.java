package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;

import org.uaespark.attack.AttackMethod;
import org.uaespark.attack.ConvergedMine;
import org.uaespark.attack.IterationRecord;
import org.uaespark.attack.MinMaxAttack;
import org.uaespark.attack.MinMaxAugmentation;
import org.uaespark.attack.SampleBatch;
import org.uaespark.attack.SampleOutcome;
import org.uaespark.config.AttackStageSettings;
import org.uaespark.config.ConfigurationException;
import org.uaespark.data.InputValidationException;
import org.uaespark.models.UnsupervisedCriterion;
import org.uaespark.models.Torch;
import org.uaespark.pipeline.executor.ExecutorModels;
import org.uaespark.pipeline.executor.InputSample;
import org.uaespark.pipeline.executor.SampleAttacker;
import org.uaespark.pipeline.store.HadoopConf;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * A diagnostic of the MinMax attack, not a stage: attacks the first N training samples (by id) of a run's dataset
 * under its trained model on the driver, with the seeds the attack stage gives them, and keeps every outer
 * iteration's hinge f⁺, MINE estimate, dual variable c, reconstruction distance and perturbation size; optionally
 * next to a converged reference estimate of I(x; x′) at each sample's selected iterate ({@link ConvergedMine}).
 * Nothing is published.
 *
 * @param ids       the traced samples
 * @param outcomes  their outcomes, each with its trace
 * @param initBound the δ₀ bound the attack drew from
 * @param reference the converged estimates at the selected iterates, [restart][sample]; null when not asked for
 *                  or for L2-UAE
 */
public record AttackTrace(List<String> ids, List<SampleOutcome> outcomes, double initBound, double[][] reference) {

    /**
     * Traces the first {@code samples} training samples under {@code settings}' model and MinMax augmentation and,
     * with a {@code budget}, estimates I(x; x′) at their selected iterates to convergence.
     */
    public static AttackTrace run(RunContext context, AttackStageSettings settings, int samples,
            ConvergedMine.Budget budget) {
        if (!(settings.augmentation() instanceof MinMaxAugmentation minMax)) {
            throw new ConfigurationException("--trace follows a MinMax attack (method mine or l2), not "
                    + settings.augmentation().method());
        }
        RunLayout layout = RunLayout.of(context.run());
        TablePublisher publisher = new TablePublisher(context.spark().sparkContext().hadoopConfiguration());
        publisher.requirePublished(layout.dataset(settings.dataset()), context.run().runId(),
                "dataset '" + settings.dataset() + "'", "uae ingest");
        if (settings.userModel() == null) {
            Path modelDir = AttackStage.attackedModel(layout, settings);
            publisher.requirePublished(modelDir, context.run().runId(), "model '" + modelDir.getName() + "'",
                    settings.stackedOn() == null ? "uae train --model " + settings.model() : "uae retrain");
        }
        List<InputSample> rows = context.spark().read().parquet(layout.dataset(settings.dataset()).toString())
                .filter(col("split").equalTo("train")).orderBy("sample_id").limit(samples).collectAsList().stream()
                .map((Row r) -> InputSample.of(r)).toList();
        if (rows.isEmpty()) {
            throw new InputValidationException(layout.dataset(settings.dataset()) + ": no training rows to trace");
        }
        SampleBatch batch = SampleAttacker.batch(rows, context.run().seed());
        HadoopConf hadoop = new HadoopConf(context.spark().sparkContext().hadoopConfiguration());
        AttackedModel attacked = AttackStage.resolveModel(settings, layout, publisher, hadoop, batch.shape(),
                layout.dataset(settings.dataset()));
        try (ExecutorModels.Lease lease = ExecutorModels.borrow(attacked.source(settings.torchThreads(), hadoop),
                Torch.device("cpu"))) {
            UnsupervisedCriterion model = lease.criterion();
            List<SampleOutcome> outcomes = new MinMaxAttack(minMax.settings()).withTraces().attack(model,
                    batch.features(), batch.shape(), batch.seeds(), batch.sharedSeed());
            double[][] reference = null;
            if (budget != null && minMax.settings().method() == AttackMethod.MINE) {
                float[][] selected = outcomes.stream().map(SampleOutcome::features).toArray(float[][]::new);
                reference = ConvergedMine.estimate(minMax.settings(), model, batch.features(), selected,
                        batch.seeds(), batch.sharedSeed(), budget);
            }
            return new AttackTrace(List.of(batch.ids()), outcomes, minMax.settings().initBound(batch.shape()),
                    reference);
        }
    }

    /** Every sample's every iteration as CSV rows with a header. */
    public void writeCsv(Writer out) throws IOException {
        out.write("sample_id,iteration,hinge,mi,c,distance,perturbation\n");
        for (int b = 0; b < ids.size(); b++) {
            for (IterationRecord r : outcomes.get(b).trace()) {
                out.write(String.format(Locale.ROOT, "%s,%d,%.8g,%.8g,%.8g,%.8g,%.8g%n", ids.get(b), r.iteration(),
                        r.hinge(), r.mi(), r.c(), r.distance(), r.perturbation()));
            }
        }
    }

    /** Per iteration over the traced samples: the share meeting the criterion and the means of the trace. */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%d samples, delta0 ~ U(-%.4f, %.4f); per iteration, over the samples:%n%9s %9s %12s %12s %12s %12s%n",
                ids.size(), initBound, initBound, "iteration", "f<=0", "mean hinge", "mean c", "mean |x'-x|",
                "mean MI"));
        int iterations = outcomes.get(0).trace().size();
        for (int t = 0; t < iterations; t++) {
            int met = 0;
            double hinge = 0;
            double c = 0;
            double perturbation = 0;
            double mi = 0;
            for (SampleOutcome o : outcomes) {
                IterationRecord r = o.trace().get(t);
                met += r.hinge() == 0 ? 1 : 0;
                hinge += r.hinge();
                c += r.c();
                perturbation += r.perturbation();
                mi += r.mi();
            }
            int n = outcomes.size();
            s.append(String.format(Locale.ROOT, "%9d %8.1f%% %12.5g %12.5g %12.5g %12.5g%n", t, 100.0 * met / n,
                    hinge / n, c / n, perturbation / n, mi / n));
        }
        return s.toString();
    }

    /**
     * Per sample: the attack's estimate at its selected iterate beside the converged reference's mean and maximum
     * over restarts, then the means and the mean gap; empty without a reference.
     */
    public String referenceSummary() {
        if (reference == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "I(x; x') at the selected iterate: the "
                + "attack's estimate vs a converged estimate (%d restarts)%n%-24s %8s %10s %15s %14s%n", reference.length,
                "sample", "success", "attack", "converged mean", "converged max"));
        double attack = 0;
        double mean = 0;
        double gap = 0;
        for (int b = 0; b < ids.size(); b++) {
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] restart : reference) {
                sum += restart[b];
                max = Math.max(max, restart[b]);
            }
            double converged = sum / reference.length;
            double estimate = outcomes.get(b).mi();
            attack += estimate;
            mean += converged;
            gap += Math.abs(converged - estimate);
            s.append(String.format(Locale.ROOT, "%-24s %8s %10.5f %15.5f %14.5f%n", ids.get(b),
                    outcomes.get(b).success(), estimate, converged, max));
        }
        int n = ids.size();
        s.append(String.format(Locale.ROOT, "%-24s %8s %10.5f %15.5f  mean |converged - attack| %.5f%n", "mean", "",
                attack / n, mean / n, gap / n));
        return s.toString();
    }
}
