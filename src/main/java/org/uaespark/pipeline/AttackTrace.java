package org.uaespark.pipeline;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.Row;

import org.uaespark.attack.IterationRecord;
import org.uaespark.attack.MinMaxAttack;
import org.uaespark.attack.MinMaxAugmentation;
import org.uaespark.attack.SampleBatch;
import org.uaespark.attack.SampleOutcome;
import org.uaespark.config.AttackStageSettings;
import org.uaespark.config.ConfigurationException;
import org.uaespark.data.InputValidationException;
import org.uaespark.models.UnsupervisedModel;
import org.uaespark.models.Torch;
import org.uaespark.pipeline.executor.InputSample;
import org.uaespark.pipeline.executor.SampleAttacker;
import org.uaespark.pipeline.store.ModelStore;
import org.uaespark.pipeline.store.RunLayout;
import org.uaespark.pipeline.store.TablePublisher;

/**
 * A diagnostic of the MinMax attack, not a stage: attacks the first N training samples (by id) of a run's dataset
 * under its trained model on the driver, with the seeds the attack stage gives them, and keeps every outer
 * iteration's hinge f⁺, MINE estimate, dual variable c, reconstruction distance and perturbation size. Nothing is
 * published.
 *
 * @param ids       the traced samples
 * @param outcomes  their outcomes, each with its trace
 * @param initBound the δ₀ bound the attack drew from
 */
public record AttackTrace(List<String> ids, List<SampleOutcome> outcomes, double initBound) {

    /** Traces the first {@code samples} training samples under {@code settings}' model and MinMax augmentation. */
    public static AttackTrace run(RunContext context, AttackStageSettings settings, int samples) {
        if (!(settings.augmentation() instanceof MinMaxAugmentation minMax)) {
            throw new ConfigurationException("--trace follows a MinMax attack (method mine or l2), not "
                    + settings.augmentation().method());
        }
        RunLayout layout = RunLayout.of(context.run());
        TablePublisher publisher = new TablePublisher(context.spark().sparkContext().hadoopConfiguration());
        publisher.requirePublished(layout.dataset(settings.dataset()), context.run().runId(),
                "dataset '" + settings.dataset() + "'", "uae ingest");
        publisher.requirePublished(layout.model(settings.model()), context.run().runId(),
                "model '" + settings.model() + "'", "uae train --model " + settings.model());
        List<InputSample> rows = context.spark().read().parquet(layout.dataset(settings.dataset()).toString())
                .filter(col("split").equalTo("train")).orderBy("sample_id").limit(samples).collectAsList().stream()
                .map((Row r) -> InputSample.of(r)).toList();
        if (rows.isEmpty()) {
            throw new InputValidationException(layout.dataset(settings.dataset()) + ": no training rows to trace");
        }
        SampleBatch batch = SampleAttacker.batch(rows, context.run().seed());
        ModelStore store = new ModelStore(context.spark().sparkContext().hadoopConfiguration());
        try (UnsupervisedModel model = store.load(layout.model(settings.model()), Torch.device("cpu"))) {
            List<SampleOutcome> outcomes = new MinMaxAttack(minMax.settings()).withTraces().attack(model,
                    batch.features(), batch.shape(), batch.seeds(), batch.sharedSeed());
            return new AttackTrace(List.of(batch.ids()), outcomes, minMax.settings().initBound(batch.shape()));
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
}
