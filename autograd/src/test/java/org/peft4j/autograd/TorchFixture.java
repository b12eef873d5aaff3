package org.peft4j.autograd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.peft4j.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** One fixture file written by src/test/python/make_fixtures.py: named float32 tensors plus "meta" scalars. */
public final class TorchFixture {
    private final String file;
    private final JsonNode root;

    private TorchFixture(String file, JsonNode root) {
        this.file = file;
        this.root = root;
    }

    public static TorchFixture load(String name) {
        String path = "/torch/" + name + ".json";
        try (InputStream in = TorchFixture.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("fixture " + path + " missing; run autograd/src/test/python/make_fixtures.py");
            return new TorchFixture(path, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("reading fixture " + path, e);
        }
    }

    public Tensor tensor(String name) {
        JsonNode n = root.get(name);
        if (n == null) throw new IllegalArgumentException("fixture " + file + " has no tensor '" + name + "'");
        JsonNode shapeNode = n.get("shape"), data = n.get("data");
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = shapeNode.get(i).asInt();
        float[] v = new float[data.size()];
        for (int i = 0; i < v.length; i++) v[i] = (float) data.get(i).asDouble();
        return Tensor.of(v, shape);
    }

    /** A float tensor of class ids as an I64 tensor. */
    public Tensor longs(String name) {
        Tensor t = tensor(name);
        float[] f = t.toFloatArray();
        long[] l = new long[f.length];
        for (int i = 0; i < f.length; i++) l[i] = (long) f[i];
        return Tensor.ofLongs(l, t.shape());
    }

    public double meta(String key) {
        JsonNode n = root.get("meta").get(key);
        if (n == null) throw new IllegalArgumentException("fixture " + file + " has no meta '" + key + "'");
        return n.asDouble();
    }

    public boolean metaFlag(String key) { return root.get("meta").get(key).asBoolean(); }
}
