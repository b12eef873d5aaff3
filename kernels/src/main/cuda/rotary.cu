// Rotary position embedding (LLaMA's rotate-half form) of x [batch, heads, seq, d] (strided), out contiguous:
// out_j = x_j cos(a_i) - x_{j+half} sin(a_i), out_{j+half} = x_{j+half} cos(a_i) + x_j sin(a_i), with
// a_i = float(pos) * invFreq[i] in fp32 as Hugging Face computes it. sinSign = -1 applies the inverse rotation
// (the backward pass).
#include "common.cuh"

struct Strides4 { int s[4]; };

extern "C" __global__ void rope_f32(int batch, int heads, int seq, int d, const float* __restrict__ x, Strides4 xs,
                                    const long long* __restrict__ positions, int posBatchStride,
                                    const float* __restrict__ invFreq, float sinSign, float* __restrict__ out) {
    int half = d / 2;
    long long total = (long long) batch * heads * seq * half;
    for (long long t = global_thread(); t < total; t += grid_threads()) {
        int i = (int) (t % half);
        long long rest = t / half;
        int s = (int) (rest % seq); rest /= seq;
        int h = (int) (rest % heads);
        int b = (int) (rest / heads);
        float a = (float) positions[(long long) b * posBatchStride + s] * invFreq[i];
        float c = cosf(a), sn = sinf(a) * sinSign;
        const float* xr = x + (long long) b * xs.s[0] + (long long) h * xs.s[1] + (long long) s * xs.s[2];
        float x1 = xr[(long long) i * xs.s[3]], x2 = xr[(long long) (i + half) * xs.s[3]];
        float* orow = out + (((long long) b * heads + h) * seq + s) * d;
        orow[i] = x1 * c - x2 * sn;
        orow[i + half] = x2 * c + x1 * sn;
    }
}
