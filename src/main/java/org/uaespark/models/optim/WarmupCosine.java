package org.uaespark.models.optim;

/**
 * SimCLR's learning-rate schedule: the peak rate base × batch / 256 (linear scaling), reached linearly over the
 * warm-up steps from 0, then a cosine decay to 0 at the last step. Step numbers count from 0.
 *
 * @param peak        base rate × batch / 256
 * @param warmupSteps round(warm-up epochs × steps per epoch)
 * @param totalSteps  steps of the whole run
 */
public record WarmupCosine(double peak, long warmupSteps, long totalSteps) {

    /** The schedule of a run of {@code epochs} epochs of {@code stepsPerEpoch} steps. */
    public static WarmupCosine of(double base, int batchSize, int warmupEpochs, long stepsPerEpoch, int epochs) {
        return new WarmupCosine(base * batchSize / 256.0, Math.min((long) warmupEpochs * stepsPerEpoch,
                stepsPerEpoch * epochs), stepsPerEpoch * epochs);
    }

    /** The rate of step {@code step}. */
    public double rate(long step) {
        if (step < warmupSteps) {
            return peak * step / warmupSteps;
        }
        long decay = Math.max(1, totalSteps - warmupSteps);
        return peak * 0.5 * (1 + Math.cos(Math.PI * Math.min(step - warmupSteps, decay) / decay));
    }
}
