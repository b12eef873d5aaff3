// A stand-in for cuSOLVER 11 (soname libcusolver.so.11, symbols versioned by fake_libcusolver.map) for tests
// without a GPU: the gesvd entry points CusolverSvd calls, over the fake driver's host memory, computed by a
// one-sided Jacobi SVD in double. It lets JCusolver's real JNI layer and CusolverSvd's layout handling run. Not
// cuSOLVER, never shipped. Built as libcusolverMg.so.11 too (with FAKE_MG), which JCusolver's natives also need.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

static int fakeHandle;

extern "C" {
#ifdef FAKE_MG
int cusolverMgCreate(void** h) { *h = &fakeHandle; return 0; }
#else
int cusolverGetVersion(int* v) { *v = 11700; return 0; }
int cusolverDnCreate(void** h) { *h = &fakeHandle; return 0; }
int cusolverDnDestroy(void*) { return 0; }
int cusolverDnSetStream(void*, void*) { return 0; }
int cusolverDnSgesvd_bufferSize(void*, int m, int n, int* lwork) { *lwork = m * n + 1; return 0; }

// jobu = jobvt = 'S' only; A is m x n column-major with m >= n; U m x n (ldu), VT n x n (ldvt).
int cusolverDnSgesvd(void*, signed char jobu, signed char jobvt, int m, int n, float* a, int lda, float* s, float* u, int ldu,
                     float* vt, int ldvt, float*, int, float*, int* info) {
    if (jobu != 'S' || jobvt != 'S' || m < n) { *info = -1; return 3; } // CUSOLVER_STATUS_INVALID_VALUE
    std::vector<double> w((size_t) m * n), v((size_t) n * n, 0.0);
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) w[i + (size_t) j * m] = a[i + (size_t) j * lda];
        v[j + (size_t) j * n] = 1.0;
    }
    for (int sweep = 0; sweep < 60; sweep++) {
        double off = 0;
        for (int p = 0; p < n - 1; p++)
            for (int q = p + 1; q < n; q++) {
                double al = 0, be = 0, ga = 0;
                for (int i = 0; i < m; i++) {
                    double x = w[i + (size_t) p * m], y = w[i + (size_t) q * m];
                    al += x * x; be += y * y; ga += x * y;
                }
                if (std::fabs(ga) <= 1e-15 * std::sqrt(al * be)) continue;
                off = std::max(off, std::fabs(ga) / std::sqrt(al * be));
                double zeta = (be - al) / (2 * ga);
                double t = (zeta >= 0 ? 1.0 : -1.0) / (std::fabs(zeta) + std::sqrt(1 + zeta * zeta));
                double c = 1 / std::sqrt(1 + t * t), sn = c * t;
                for (int i = 0; i < m; i++) {
                    double x = w[i + (size_t) p * m], y = w[i + (size_t) q * m];
                    w[i + (size_t) p * m] = c * x - sn * y;
                    w[i + (size_t) q * m] = sn * x + c * y;
                }
                for (int i = 0; i < n; i++) {
                    double x = v[i + (size_t) p * n], y = v[i + (size_t) q * n];
                    v[i + (size_t) p * n] = c * x - sn * y;
                    v[i + (size_t) q * n] = sn * x + c * y;
                }
            }
        if (off < 1e-14) break;
    }
    std::vector<double> sigma(n);
    for (int j = 0; j < n; j++) {
        double ss = 0;
        for (int i = 0; i < m; i++) ss += w[i + (size_t) j * m] * w[i + (size_t) j * m];
        sigma[j] = std::sqrt(ss);
    }
    std::vector<int> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int x, int y) { return sigma[x] > sigma[y]; });
    for (int r = 0; r < n; r++) {
        int j = order[r];
        s[r] = (float) sigma[j];
        for (int i = 0; i < m; i++) u[i + (size_t) r * ldu] = (float) (sigma[j] > 0 ? w[i + (size_t) j * m] / sigma[j] : 0.0);
        for (int i = 0; i < n; i++) vt[r + (size_t) i * ldvt] = (float) v[i + (size_t) j * n];
    }
    *info = 0;
    return 0;
}
#endif
}
