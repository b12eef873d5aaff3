package org.peft4j.federated.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peft4j.tensor.Tensor;

/** Every method builds on the tiny model, and two parties built alike start from the same adapter. */
class PartyTest {
    @Test
    void everyMethodBuildsIdenticallyOnEveryParty() {
        for (Method m : Method.values()) {
            AdapterSpec spec = AdapterSpec.of(m).withRank(2, 4);
            Map<String, Tensor> a = TinyParties.party(spec).peft().adapterTensors();
            Map<String, Tensor> b = TinyParties.party(spec).peft().adapterTensors();
            assertEquals(a.keySet(), b.keySet(), m.cliName());
            for (String k : a.keySet())
                assertTrue(a.get(k).allClose(b.get(k), 0, 0), m.cliName() + ": " + k + " differs between two parties");
            assertTrue(a.keySet().stream().anyMatch(k -> k.contains("classifier")), m.cliName() + " trains the head: " + a.keySet());
        }
    }
}
