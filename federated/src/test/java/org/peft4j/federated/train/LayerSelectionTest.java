package org.peft4j.federated.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayerSelectionTest {
    @Test
    void resolvesFirstMiddleLastAndLists() {
        assertNull(LayerSelection.parse("all").resolve(6));
        assertEquals(List.of(3, 4, 5), LayerSelection.parse("last:3").resolve(6));
        assertEquals(List.of(0, 1, 2), LayerSelection.parse("first:3").resolve(6));
        assertEquals(List.of(1, 2, 3), LayerSelection.parse("middle:3").resolve(6));
        assertEquals(List.of(0, 5), LayerSelection.parse("0,5").resolve(6));
        assertEquals("last:3", LayerSelection.parse("last:3").toString());
        assertEquals("0,5", LayerSelection.parse("0, 5").toString());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> LayerSelection.parse("top:2"));
        assertThrows(IllegalArgumentException.class, () -> LayerSelection.parse("last:0"));
        assertThrows(IllegalArgumentException.class, () -> LayerSelection.parse("last:7").resolve(6));
        assertThrows(IllegalArgumentException.class, () -> AdapterSpec.of(Method.FULL).withLayers(LayerSelection.last(2)));
    }
}
