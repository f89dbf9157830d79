package org.uaespark.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProgressTimeTest {
    @Test
    void secondsMinutesAndHoursAsPeopleReadThem() {
        assertEquals("0 s", ProgressTime.of(Duration.ZERO));
        assertEquals("0 s", ProgressTime.of(Duration.ofSeconds(-3)));
        assertEquals("1 s", ProgressTime.of(Duration.ofMillis(500)));
        assertEquals("59 s", ProgressTime.of(Duration.ofSeconds(59)));
        assertEquals("1 min 00 s", ProgressTime.of(Duration.ofMillis(59_600)));
        assertEquals("3 min 05 s", ProgressTime.of(Duration.ofSeconds(185)));
        assertEquals("59 min 59 s", ProgressTime.of(Duration.ofSeconds(3599)));
        assertEquals("1 h 00 min", ProgressTime.of(Duration.ofSeconds(3600)));
        assertEquals("26 h 07 min", ProgressTime.of(Duration.ofSeconds(26 * 3600 + 7 * 60 + 59)));
    }
}
