package org.peft4j.federated.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalSettingsTest {
    @Test
    void serverSettingsOverrideTheDefaultsAndRoundTrip() {
        LocalSettings mine = LocalSettings.defaults();
        LocalSettings s = mine.overriddenBy(Map.of("local_steps", 7L, "lr", 0.5, "prox_mu", 0.01, "freeze_lora_a", true, "selection_rate", 0.6));
        assertEquals(7, s.localSteps());
        assertEquals(0.5, s.learningRate());
        assertEquals(0.01, s.proxMu());
        assertTrue(s.freezeLoraA());
        assertEquals(0.6, s.selectionRate());
        assertEquals(mine.batchSize(), s.batchSize());
        assertEquals(s, LocalSettings.defaults().overriddenBy(s.toSettings()));
    }

    @Test
    void wrongTypesAndRangesFailNamingTheKey() {
        LocalSettings d = LocalSettings.defaults();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.overriddenBy(Map.of("local_steps", "ten"))).getMessage().contains("local_steps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.overriddenBy(Map.of("freeze_lora_a", 1L))).getMessage().contains("freeze_lora_a"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.overriddenBy(Map.of("selection_rate", 1.5))).getMessage().contains("selection_rate"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.overriddenBy(Map.of("batch_size", 2.5))).getMessage().contains("batch_size"));
    }
}
