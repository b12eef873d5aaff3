package org.peft4j.tensor;

/** int64 elements in a heap long[]: token ids, labels. */
public final class LongStorage implements Storage {
    private final long[] data;

    public LongStorage(int numel) { this(new long[numel]); }

    public LongStorage(long[] data) {
        this.data = data;
        AllocationTracker.record(8L * data.length);
    }

    public long[] array() { return data; }
    @Override public DType dtype() { return DType.I64; }
    @Override public long size() { return data.length; }
    @Override public Device device() { return Device.CPU; }
    @Override public boolean isReadOnly() { return false; }
    @Override public float getFloat(long i) { return data[(int) i]; }
    @Override public void setFloat(long i, float v) { data[(int) i] = (long) v; }
    @Override public long getLong(long i) { return data[(int) i]; }
    @Override public void setLong(long i, long v) { data[(int) i] = v; }
}
