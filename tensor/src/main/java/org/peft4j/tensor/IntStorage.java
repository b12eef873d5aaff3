package org.peft4j.tensor;

/** int32 elements in a heap int[]. */
public final class IntStorage implements Storage {
    private final int[] data;

    public IntStorage(int numel) { this(new int[numel]); }

    public IntStorage(int[] data) {
        this.data = data;
        AllocationTracker.record(4L * data.length);
    }

    public int[] array() { return data; }
    @Override public DType dtype() { return DType.I32; }
    @Override public long size() { return data.length; }
    @Override public Device device() { return Device.CPU; }
    @Override public boolean isReadOnly() { return false; }
    @Override public float getFloat(long i) { return data[(int) i]; }
    @Override public void setFloat(long i, float v) { data[(int) i] = (int) v; }
    @Override public long getLong(long i) { return data[(int) i]; }
    @Override public void setLong(long i, long v) { data[(int) i] = Math.toIntExact(v); }
}
