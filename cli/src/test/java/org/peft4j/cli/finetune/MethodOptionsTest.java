package org.peft4j.cli.finetune;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Target-module aliases and layer selections, as the CLI parses them. */
class MethodOptionsTest {
    @Test
    void aliasesExpandPerFamily() {
        assertEquals(List.of("query", "value"), TargetAliases.expand(List.of("q,v"), "bert"));
        assertEquals(List.of("query", "key", "value", "attention.output.dense"), TargetAliases.expand(List.of("q", "k", "v", "o"), "roberta"));
        assertEquals(List.of("c_attn"), TargetAliases.expand(List.of("q", "v"), "gpt2"), "GPT-2 fuses q, k, v");
        assertEquals(List.of("c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj"), TargetAliases.expand(List.of("q,o,up,down"), "gpt2"));
        assertEquals(List.of("q_proj", "v_proj", "gate_proj", "down_proj"), TargetAliases.expand(List.of("q,v,gate,down"), "llama"));
        assertEquals(List.of("query", "intermediate.dense"), TargetAliases.expand(List.of("query", "up"), "bert"), "full names pass through");
    }

    @Test
    void anAliasAFamilyLacksIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TargetAliases.expand(List.of("down"), "bert"));
        assertTrue(e.getMessage().contains("'down'") && e.getMessage().contains("bert"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TargetAliases.expand(List.of(" , "), "bert"));
    }

    @Test
    void layerSelections() {
        assertNull(LayerSelection.parse(null, 6));
        assertNull(LayerSelection.parse("all", 6));
        assertEquals(List.of(3, 4, 5), LayerSelection.parse("last:3", 6));
        assertEquals(List.of(0, 5), LayerSelection.parse("0,-1", 6));
        assertEquals(List.of(5), LayerSelection.parse("-1,5", 6), "duplicates collapse");
    }

    @Test
    void badLayerSelectionsSayWhatIsAllowed() {
        for (String bad : List.of("last:0", "last:7", "6", "-7", "first:2", "1,x")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LayerSelection.parse(bad, 6), bad);
            assertTrue(e.getMessage().startsWith("--layers " + bad), e.getMessage());
        }
    }

    @Test
    void methodOptionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new MethodSpec("prefix", 8, 16, 0, null, 4, null, null, 16, null, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MethodSpec("bitfit", 8, 16, 0, null, 4, List.of("q"), null, 16, null, 0));
        assertTrue(e.getMessage().contains("--target-modules"), e.getMessage());
    }
}
