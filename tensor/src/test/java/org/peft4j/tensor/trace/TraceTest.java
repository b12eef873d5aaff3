package org.peft4j.tensor.trace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peft4j.tensor.DType;
import org.peft4j.tensor.Tensor;
import org.peft4j.tensor.ops.Linalg;
import org.peft4j.tensor.ops.Ops;

import static org.junit.jupiter.api.Assertions.*;

class TraceTest {
    @AfterEach
    void noTraceLeftRunning() {
        assertFalse(Trace.enabled(), "a test left a trace running");
    }

    @Test
    void offRecordsNothingAndBeginSaysOff() {
        assertFalse(Trace.enabled());
        assertEquals(Trace.OFF, Trace.begin());
        assertNull(Trace.currentModulePath());
        Ops.add(Tensor.ones(3), Tensor.ones(3));
        try (Trace t = Trace.start()) {
            t.close();
            Ops.add(Tensor.ones(3), Tensor.ones(3)); // after close: not recorded
            assertEquals(0, t.opCount());
        }
    }

    @Test
    void recordsNameShapesFlopsAndBytes() {
        Tensor x = Tensor.ones(2, 3, 4), w = Tensor.ones(5, 4), b = Tensor.zeros(5);
        try (Trace t = Trace.start()) {
            Tensor y = Linalg.linear(x, w, b);
            Tensor s = Ops.softmax(y);
            Linalg.matmul(s, w);
            t.close();
            List<OpRecord> r = t.records();
            assertEquals(List.of("linear", "softmax", "matmul"), r.stream().map(OpRecord::op).toList());
            OpRecord lin = r.get(0);
            assertEquals("F32[2, 3, 4] x F32[5, 4] x F32[5] -> F32[2, 3, 5]", lin.signature());
            assertEquals(2L * 6 * 5 * 4 + 6 * 5, lin.flops(), "2·rows·out·in + bias adds");
            assertEquals(4L * (24 + 20 + 5 + 30), lin.bytes());
            assertEquals(5L * 30, r.get(1).flops());
            assertEquals(2L * 2 * 3 * 4 * 5, r.get(2).flops(), "[2,3,5]·[5,4]: 2·m·n·k per batch item");
            assertEquals("forward", lin.phase());
            assertEquals("", lin.path());
            assertNull(lin.gradOf());
            assertTrue(lin.durationNanos() >= 0 && lin.startNanos() >= 0);
            assertEquals(List.of(0L, 1L, 2L), r.stream().map(OpRecord::seq).toList());
        }
    }

    @Test
    void broadcastOperandsCountTheirDistinctBytes() {
        Tensor a = Tensor.ones(4, 8), row = Tensor.ones(8);
        try (Trace t = Trace.start()) {
            Ops.add(a, row.expand(4, 8));
            t.close();
            assertEquals(4L * (32 + 8 + 32), t.records().getFirst().bytes());
        }
    }

    @Test
    void explicitScopesSetPhaseAndPath() {
        try (Trace t = Trace.start()) {
            try (var p = Trace.phase("backward"); var m = Trace.module("encoder.layer.0.output.dense", "linear")) {
                assertEquals("encoder.layer.0.output.dense", Trace.currentModulePath());
                Ops.mul(Tensor.ones(2), Tensor.ones(2));
            }
            Ops.neg(Tensor.ones(2));
            t.close();
            OpRecord inner = t.records().get(0), outer = t.records().get(1);
            assertEquals("backward", inner.phase());
            assertEquals("encoder.layer.0.output.dense", inner.path());
            assertEquals("linear", inner.gradOf());
            assertEquals("forward", outer.phase());
            assertEquals("", outer.path());
        }
    }

    /** A stand-in for a model module: its frames keep a lazily entered scope open. */
    static final class FakeModule {
        Tensor forward(Tensor x) { return Ops.exp(x); }
    }

    @Test
    void lazyModuleScopeClosesWhenItsFramesLeaveTheStack() {
        FakeModule m = new FakeModule();
        try (Trace t = Trace.start()) {
            Trace.enterModuleLazily("block.fake", java.util.Set.of(FakeModule.class));
            m.forward(Tensor.ones(3));      // inside FakeModule.forward: path block.fake
            Ops.exp(Tensor.ones(3));        // back in the caller: the scope has closed
            t.close();
            assertEquals("block.fake", t.records().get(0).path());
            assertEquals("", t.records().get(1).path());
        }
    }

    @Test
    void secondStartIsRefusedAndCloseIsIdempotent() {
        try (Trace t = Trace.start()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, Trace::start);
            assertTrue(e.getMessage().contains("already running"));
            t.close();
            t.close();
            try (Trace again = Trace.start()) {
                assertTrue(Trace.enabled());
            }
        }
    }

    @Test
    void statisticsStayExactPastTheRecordCap() {
        try (Trace t = Trace.start(2)) {
            for (int i = 0; i < 5; i++) Ops.add(Tensor.ones(4), Tensor.ones(4));
            t.close();
            assertEquals(2, t.records().size());
            assertEquals(3, t.droppedRecords());
            assertEquals(5, t.opStats().get("add").count());
            assertEquals(20, t.opStats().get("add").flops());
            Map<Trace.Site, OpStats> sites = t.siteStats();
            assertEquals(1, sites.size(), "five identical adds at one site");
        }
    }

    @Test
    void summaryTreeAndFiles(@TempDir Path dir) throws Exception {
        try (Trace t = Trace.start()) {
            try (var m = Trace.module("encoder.layer.0.attention.self.query", null)) {
                Linalg.linear(Tensor.ones(1, 8), Tensor.ones(8, 8), null);
            }
            Ops.layerNorm(Tensor.ones(2, 8), null, null, 1e-5f);
            Ops.embedding(Tensor.ones(10, 8), Tensor.ofLongs(new long[]{1, 2}, 2));
            t.close();

            String table = t.summary().table();
            assertTrue(table.contains("linear") && table.contains("layer_norm") && table.contains("all ops"), table);
            String tree = t.tree();
            assertTrue(tree.contains("layer.0"), "list indices stay with their list:\n" + tree);
            assertTrue(tree.contains("- linear F32[1, 8] x F32[8, 8] -> F32[1, 8]"), tree);
            assertTrue(tree.indexOf("query") > tree.indexOf("self"), tree);
            String sub = t.tree("encoder.layer.0");
            assertTrue(sub.contains("- linear") && !sub.contains("layer_norm"), "only the ops under the prefix:\n" + sub);
            assertFalse(t.tree("encoder.layer.01").contains("linear"), "a prefix matches whole path segments");

            OpRecord emb = t.records().get(2);
            assertEquals(DType.F32, emb.inputs().get(0).dtype());
            assertEquals(2L * 8 * (4 + 4) + 2 * 8, emb.bytes(), "a gather reads only the rows it picks");

            Path jl = dir.resolve("ops.jsonl"), ct = dir.resolve("trace.json");
            t.writeJsonLines(jl);
            t.writeChromeTrace(ct);
            List<String> lines = Files.readAllLines(jl);
            assertEquals(3, lines.size());
            assertTrue(lines.get(0).startsWith("{\"seq\":0,\"phase\":\"forward\",\"path\":\"encoder.layer.0.attention.self.query\",\"op\":\"linear\""), lines.get(0));
            String chrome = Files.readString(ct);
            assertTrue(chrome.startsWith("{\"displayTimeUnit\":\"ms\""));
            assertTrue(chrome.contains("\"cat\":\"module\""), "module spans around the ops");
            assertTrue(chrome.trim().endsWith("]}"));
        }
    }
}
