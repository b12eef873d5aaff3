package org.peft4j.finetune.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class TasksTest {
    @Test
    void definitions() {
        assertEquals(List.of("sst2", "cola", "mrpc", "rte", "stsb", "agnews", "e2e"), Tasks.all().stream().map(TaskSpec::name).toList());
        assertEquals(2, Tasks.get("SST-2").numLabels());
        assertEquals(InputKind.PAIR, Tasks.get("mrpc").inputKind());
        assertEquals(List.of(MetricName.MATTHEWS, MetricName.ACCURACY), Tasks.COLA.metrics());
        assertEquals(1, Tasks.get("sts-b").numLabels());
        assertEquals(TaskType.REGRESSION, Tasks.STSB.type());
        assertEquals(4, Tasks.get("ag_news").numLabels());
        assertEquals(TaskType.GENERATION, Tasks.get("e2e_nlg").type());
        assertEquals(0, Tasks.RTE.parseLabel("entailment", "f", 1));
        assertEquals(1, Tasks.RTE.parseLabel("not_entailment", "f", 1));
        var e = assertThrows(IllegalArgumentException.class, () -> Tasks.get("squad"));
        assertTrue(e.getMessage().contains("sst2"));
    }
}
