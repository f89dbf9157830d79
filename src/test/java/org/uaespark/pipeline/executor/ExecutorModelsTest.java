package org.uaespark.pipeline.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

import ai.djl.Device;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

import org.uaespark.data.InputValidationException;
import org.uaespark.models.FloatMatrix;
import org.uaespark.models.TorchScriptModel;
import org.uaespark.models.UnsupervisedCriterion;
import org.uaespark.pipeline.store.HadoopConf;

/**
 * The executor's model pool, on users' TorchScript models: one file read with another criterion or input shape is
 * another model (a pooled instance is never lent for the wrong reading), an idle instance is lent again, idle models
 * stay loaded side by side within the memory budget and the least recently returned go past it, and a file whose
 * digest is not the planned one is refused.
 */
class ExecutorModelsTest {
    private static final HadoopConf HADOOP = new HadoopConf(new Configuration());

    private static String fixture(String name) throws URISyntaxException {
        return Path.of(ExecutorModelsTest.class.getResource("/torchscript/" + name).toURI()).toString();
    }

    private static ExecutorModels.Source source(String file, String sha, List<Integer> shape, String criterion) {
        return new ExecutorModels.Source(file, sha, 1, HADOOP,
                new ExecutorModels.UserModel(shape, TorchScriptModel.Criterion.of(criterion)));
    }

    private static double firstLoss(UnsupervisedCriterion model) {
        float[] x = new float[30];
        float[] moved = new float[30];
        for (int j = 0; j < 30; j++) {
            x[j] = j / 29f;
            moved[j] = 1 - x[j];
        }
        return model.perSample(new FloatMatrix(1, 30, x), new FloatMatrix(1, 30, moved))[0];
    }

    @Test
    void aFileReadAnotherWayIsAnotherPooledModel() throws Exception {
        String file = fixture("tiny_ae.pt");
        String sha = UserModelFiles.copy(file, HADOOP).sha256();
        ExecutorModels.Source mse = source(file, sha, List.of(6, 5, 1), "mse");
        ExecutorModels.Source bce = source(file, sha, List.of(30), "bce");
        UnsupervisedCriterion first;
        double mseLoss;
        try (ExecutorModels.Lease lease = ExecutorModels.borrow(mse, Device.cpu())) {
            first = lease.criterion();
            mseLoss = firstLoss(first);
        }
        try (ExecutorModels.Lease lease = ExecutorModels.borrow(bce, Device.cpu())) {
            assertTrue(lease.criterion() != first, "the BCE reading got the MSE reading's instance");
            assertNotEquals(mseLoss, firstLoss(lease.criterion()));
        }
        int loads = ExecutorModels.loads();
        try (ExecutorModels.Lease again = ExecutorModels.borrow(bce, Device.cpu())) {
            assertEquals(loads, ExecutorModels.loads(), "an idle instance of the same reading is lent again");
        }
        try (ExecutorModels.Lease lease = ExecutorModels.borrow(mse, Device.cpu())) {
            assertEquals(mseLoss, firstLoss(lease.criterion()));
            assertThrows(IllegalStateException.class, lease::model, "a user's model is attacked, not trained here");
        }
    }

    @Test
    void idleModelsStayLoadedWithinTheBudgetAndTheLeastRecentlyReturnedGoPastIt() throws Exception {
        String file = fixture("tiny_ae.pt");
        String sha = UserModelFiles.copy(file, HADOOP).sha256();
        ExecutorModels.Source a = source(file, sha, List.of(30), "mse");
        ExecutorModels.Source b = source(file, sha, List.of(30), "bce");
        try (ExecutorModels.Lease lease = ExecutorModels.borrow(a, Device.cpu())) {
            assertTrue(lease.criterion().parameterBytes() >= 4 * 30, "the fixture's weights count");
        }
        ExecutorModels.borrow(b, Device.cpu()).close();
        int loads = ExecutorModels.loads();
        for (int task = 0; task < 3; task++) {
            ExecutorModels.borrow(a, Device.cpu()).close();
            ExecutorModels.borrow(b, Device.cpu()).close();
        }
        assertEquals(loads, ExecutorModels.loads(), "two small models alternating are never reloaded");
        System.setProperty(ExecutorModels.BUDGET_PROPERTY, "0");
        try {
            ExecutorModels.borrow(a, Device.cpu()).close();
            assertEquals(1, ExecutorModels.idle(), "past the budget only the model returned last stays");
            ExecutorModels.borrow(b, Device.cpu()).close();
            ExecutorModels.borrow(a, Device.cpu()).close();
            assertEquals(loads + 2, ExecutorModels.loads(), "each alternation reloads the closed model");
        } finally {
            System.clearProperty(ExecutorModels.BUDGET_PROPERTY);
        }
    }

    @Test
    void aFileWhoseDigestIsNotThePlannedOneIsRefused() throws Exception {
        String file = fixture("wrong_input.pt");
        String planned = "0".repeat(64);
        InputValidationException e = assertThrows(InputValidationException.class,
                () -> ExecutorModels.borrow(source(file, planned, List.of(6, 5, 1), "mse"), Device.cpu()));
        assertTrue(e.getMessage().contains("changed since the attack was planned"), e.getMessage());
        assertSame(InputValidationException.class, assertThrows(InputValidationException.class,
                () -> UserModelFiles.copy(file + ".missing", HADOOP)).getClass());
    }
}
