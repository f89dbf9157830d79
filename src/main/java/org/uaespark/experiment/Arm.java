package org.uaespark.experiment;

import java.util.List;
import java.util.Optional;

import org.uaespark.attack.Augmentation;
import org.uaespark.attack.CopyAugmentation;
import org.uaespark.attack.MinMaxAugmentation;
import org.uaespark.models.ModelRecipe;

/**
 * One training set of the retrain grid (the paper's Table 2 columns): the train split as is ({@link Original}), the
 * compute-matched controls ({@link Duplicate}, {@link Original2x}), the train split with an augmented table
 * appended ({@link Augmented}), and an arm stacked on a model-free augmentation ({@link Stacked}: the paper's
 * appendix B.5, MINE-UAE made against a model trained with flips or rotations, retrained on both). Every arm trains
 * {@link #repeats()} seeded cells (repeat r with training seed r, and an augmented arm's table repeat r where the
 * table holds one per cell), so that every difference between arms can be tested against the seed-to-seed spread.
 * Parsed once from {@code uae.retrain.arms}, {@code uae.retrain.repeats} and {@code uae.attack.repeats} by
 * {@code config/Arms}; every stage, the evaluation and the report work from these objects.
 */
public sealed interface Arm permits Arm.Original, Arm.Duplicate, Arm.Original2x, Arm.Augmented, Arm.Stacked {

    /** The arm's name in the configuration, the grid's folders and the metrics. */
    String name();

    /** Seeded cells the grid trains for this arm. */
    int repeats();

    /**
     * Whether its cells are named {@code <arm>-r<repeat>}: arms with several repeats, and arms repeated by their
     * nature (a single-cell arm keeps its plain name).
     */
    default boolean repeated() {
        return repeats() > 1;
    }

    /**
     * The augmentation that makes the arm's own table ({@code <run>/augmented/<model>/<arm>}), if it has one; a
     * stacked arm's base table is its base arm's.
     */
    default Optional<Augmentation> augmentation() {
        return Optional.empty();
    }

    /** The factor on the recipe's epochs. */
    default int epochFactor() {
        return 1;
    }

    /**
     * The recipe this arm's cells train with, given the model's recipe and the train split's rows. An arm with more
     * epochs ({@link Original2x}) takes them at the batch size of the rows the augmented arms train on (the train
     * split and one appended row per train row, as many as the factor), so that under a batch size that follows the
     * rows (the concrete AE's {@link ModelRecipe#AUTO_BATCH}) it sees as many samples in as many optimizer steps as
     * they do, rather than the same steps per epoch twice as often (and twice the concrete AE's temperature
     * anneal). With a fixed batch size the recipe only gets more epochs.
     */
    default ModelRecipe recipe(ModelRecipe model, int trainRows) {
        if (epochFactor() == 1) {
            return model;
        }
        return model.withEpochs(Math.multiplyExact(epochFactor(), model.epochs()))
                .withBatchSize(model.batchSize(Math.multiplyExact(epochFactor(), trainRows)));
    }

    /** The folder name of the arm's cell {@code repeat}. */
    default String cellName(int repeat) {
        return repeated() ? name() + "-r" + repeat : name();
    }

    /** The key of the arm's row in the paper's result table: the method for MinMax arms, else the arm's name. */
    default String paperKey() {
        return name();
    }

    /**
     * The train split, trained {@code repeats} times with different seeds: the noise floor.
     *
     * @param repeats seeded repeats
     */
    record Original(int repeats) implements Arm {
        /** The arm's name. */
        public static final String NAME = "original";

        public Original {
            requirePositive(repeats);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public boolean repeated() {
            return true;
        }
    }

    /**
     * The control with as many rows as an augmented arm: the train split plus an unperturbed copy of the rows the
     * model's augmented arms were generated from.
     *
     * @param repeats seeded repeats
     */
    record Duplicate(int repeats) implements Arm {
        /** The arm's name. */
        public static final String NAME = "duplicate";

        public Duplicate {
            requirePositive(repeats);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public List<Appended> appended(int repeat) {
            return List.of(new OriginCopy());
        }
    }

    /**
     * The control with as many optimisation steps as an arm that augments every sample: twice the epochs.
     *
     * @param repeats seeded repeats
     */
    record Original2x(int repeats) implements Arm {
        /** The arm's name. */
        public static final String NAME = "original-2x";

        public Original2x {
            requirePositive(repeats);
        }

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public int epochFactor() {
            return 2;
        }
    }

    /**
     * What a cell of the arm appends to the train split, in order: rows of one of the model's augmented tables, or an
     * unperturbed copy of the train rows the augmented tables were generated from.
     */
    default List<Appended> appended(int repeat) {
        return List.of();
    }

    /** The arms this arm is tested against besides the grid's controls: a stacked arm's base arm and its duplicate. */
    default List<String> ownControls() {
        return List.of();
    }

    /** The model-free augmentation arm whose first cell a stacked arm's augmentation attacks and whose rows it appends. */
    default Optional<Augmented> stackedOn() {
        return Optional.empty();
    }

    /** Rows a cell appends to the train split. */
    sealed interface Appended {
    }

    /**
     * The rows of the model's augmented table {@code table}.
     *
     * @param table   the table's name under {@code <run>/augmented/<model>/}
     * @param repeat  the rows' {@code repeat}, or −1 for all of them
     * @param metOnly only the rows that met the criterion (the augmentation's
     *                {@link Augmentation#appendsOnlyCriterionMet()})
     */
    record TableRows(String table, int repeat, boolean metOnly) implements Appended {
    }

    /** An unperturbed copy of the train rows the model's augmented tables were generated from (all of train without). */
    record OriginCopy() implements Appended {
    }

    /**
     * The train split plus the model's augmented table made by {@code method}, in {@code repeats} seeded cells. A
     * table holding one row per sample is appended whole by every cell; a table holding {@code repeats} rows per
     * sample (independently seeded attacks or copies) gives cell r its repeat r.
     *
     * @param method  how the appended table is made
     * @param repeats seeded cells
     */
    record Augmented(Augmentation method, int repeats) implements Arm {
        public Augmented {
            requirePositive(repeats);
            if (method.rowsPerSample() != 1 && method.rowsPerSample() != repeats) {
                throw new IllegalArgumentException(method.outputName() + " makes " + method.rowsPerSample()
                        + " rows per sample; a grid of " + repeats + " repeats appends 1 or " + repeats);
            }
        }

        @Override
        public String name() {
            return method.outputName();
        }

        @Override
        public boolean repeated() {
            return method.cellPerRepeat() || repeats > 1;
        }

        @Override
        public Optional<Augmentation> augmentation() {
            return Optional.of(method);
        }

        @Override
        public List<Appended> appended(int repeat) {
            return List.of(new TableRows(name(), rowsRepeat(repeat), method.appendsOnlyCriterionMet()));
        }

        /** The augmented rows' {@code repeat} that cell {@code repeat} appends, or −1 for all of them. */
        public int rowsRepeat(int repeat) {
            return method.rowsPerSample() == 1 ? -1 : repeat;
        }

        @Override
        public String paperKey() {
            return method.paperKey();
        }
    }

    /**
     * An arm on top of a model-free augmentation arm {@code base} (flips, rotations, noise): cell r trains on the
     * train split, {@code base}'s rows of cell r, and {@code top}'s rows. With a MinMax {@code top}
     * ({@code rotate-15~mine-cpu}), those are a table of UAEs made against {@code base}'s first cell, the model
     * already trained with the augmentation; with {@code top} = {@link Duplicate} ({@code rotate-15~duplicate}),
     * an unperturbed copy of the same samples, the compute-matched control of the stacked arm. Named
     * {@code <base>~<top>}; tested against {@code base} and {@code <base>~duplicate} besides the grid's controls.
     *
     * @param base the arm trained with the model-free augmentation
     * @param top  a MinMax arm, or the duplicate control
     */
    record Stacked(Augmented base, Arm top) implements Arm {
        /** Separates the base arm from the top arm in a stacked arm's name. */
        public static final String SEPARATOR = "~";

        public Stacked {
            if (!(base.method() instanceof CopyAugmentation)) {
                throw new IllegalArgumentException("'" + base.name() + "' makes rows against a model; an arm can "
                        + "only be stacked on a model-free augmentation (gaussian, rotate, fliprot)");
            }
            if (!(top instanceof Duplicate) && !(top instanceof Augmented a && a.method() instanceof MinMaxAugmentation)) {
                throw new IllegalArgumentException("'" + top.name() + "' cannot be stacked; the arm on top of '"
                        + base.name() + "' is a MinMax arm (mine-<profile>, l2-<profile>) or duplicate");
            }
            if (top.repeats() != base.repeats()) {
                throw new IllegalArgumentException("'" + base.name() + "' and '" + top.name() + "' have "
                        + base.repeats() + " and " + top.repeats() + " repeats");
            }
        }

        /** The name of the arm {@code top} stacked on the arm {@code base}, and of its table. */
        public static String name(String base, String top) {
            return base + SEPARATOR + top;
        }

        @Override
        public String name() {
            return name(base.name(), top.name());
        }

        @Override
        public int repeats() {
            return base.repeats();
        }

        @Override
        public boolean repeated() {
            return base.repeated();
        }

        @Override
        public Optional<Augmentation> augmentation() {
            return top.augmentation();
        }

        @Override
        public List<Appended> appended(int repeat) {
            Appended upper = top instanceof Augmented a
                    ? new TableRows(name(), a.rowsRepeat(repeat), a.method().appendsOnlyCriterionMet()) : new OriginCopy();
            return List.of(base.appended(repeat).get(0), upper);
        }

        @Override
        public List<String> ownControls() {
            return List.of(base.name(), name(base.name(), Duplicate.NAME));
        }

        @Override
        public Optional<Augmented> stackedOn() {
            return Optional.of(base);
        }

        @Override
        public String paperKey() {
            return name();
        }
    }

    private static void requirePositive(int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
    }
}
