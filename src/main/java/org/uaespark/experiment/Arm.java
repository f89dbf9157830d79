package org.uaespark.experiment;

import java.util.Optional;

import org.uaespark.attack.Augmentation;

/**
 * One training set of the retrain grid (the paper's Table 2 columns): the train split as is ({@link Original}), the
 * compute-matched controls ({@link Duplicate}, {@link Original2x}) and the train split with an augmented table
 * appended ({@link Augmented}). Every arm trains {@link #repeats()} seeded cells (repeat r with training seed r,
 * and an augmented arm's table repeat r), so that every difference between arms can be tested against the
 * seed-to-seed spread. Parsed once from {@code uae.retrain.arms} and {@code uae.retrain.repeats} by
 * {@code config/Arms}; every stage, the evaluation and the report work from these objects.
 */
public sealed interface Arm permits Arm.Original, Arm.Duplicate, Arm.Original2x, Arm.Augmented {

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

    /** The augmentation whose table the arm appends, if any. */
    default Optional<Augmentation> augmentation() {
        return Optional.empty();
    }

    /** The factor on the recipe's epochs. */
    default int epochFactor() {
        return 1;
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
     * The train split plus the model's augmented table made by {@code method}: one cell on all its rows, or one
     * seeded cell per repeat of its rows ({@link Augmentation#cellPerRepeat()}; the table holds as many repeats as
     * the grid's other arms have cells).
     *
     * @param method how the appended table is made
     */
    record Augmented(Augmentation method) implements Arm {
        @Override
        public String name() {
            return method.outputName();
        }

        @Override
        public int repeats() {
            return method.cellPerRepeat() ? method.rowsPerSample() : 1;
        }

        @Override
        public boolean repeated() {
            return method.cellPerRepeat();
        }

        @Override
        public Optional<Augmentation> augmentation() {
            return Optional.of(method);
        }

        /** The augmented rows' {@code repeat} that cell {@code repeat} appends, or −1 for all of them. */
        public int rowsRepeat(int repeat) {
            return method.cellPerRepeat() ? repeat : -1;
        }

        @Override
        public String paperKey() {
            return method.paperKey();
        }
    }

    private static void requirePositive(int repeats) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, got " + repeats);
        }
    }
}
