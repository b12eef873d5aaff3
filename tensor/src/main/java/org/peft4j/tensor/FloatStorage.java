package org.peft4j.tensor;

/** fp32 elements in a heap float[]: activations, gradients, trainable parameters. */
public final class FloatStorage implements Storage {
    private final float[] data;

    public FloatStorage(int numel) {
        this(new float[numel]);
    }

    public FloatStorage(float[] data) {
        this.data = data;
        AllocationTracker.record(4L * data.length);
    }

    public float[] array() { return data; }
    @Override public DType dtype() { return DType.F32; }
    @Override public long size() { return data.length; }
    @Override public Device device() { return Device.CPU; }
    @Override public boolean isReadOnly() { return false; }
    @Override public float getFloat(long i) { return data[(int) i]; }
    @Override public void setFloat(long i, float v) { data[(int) i] = v; }
    @Override public long getLong(long i) { return (long) data[(int) i]; }
    @Override public void setLong(long i, long v) { data[(int) i] = v; }
}
