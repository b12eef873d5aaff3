// A stand-in for the NVIDIA driver library (soname libcuda.so.1) for tests on machines without a GPU: the driver
// API entry points that peft4j's DriverDevice calls, over host memory, with kernel launches dispatched by name to
// the host emulation (emu_launch). Loaded into a test JVM before JCuda's natives, it lets the real JCuda code path
// (JNI marshalling of pointers, copies and kernel parameters) run. It is not a GPU and is never shipped.
#include <cstdlib>
#include <cstring>
#include <cstdio>
#include <string>
#include <vector>

extern "C" int emu_launch(const char*, int, int, int, int, int, int, int, void**, char*, int);

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;
struct Module { std::vector<std::string> entries; };
struct Function { std::string name; };

static const CUresult OK = 0, INVALID_VALUE = 1, NOT_FOUND = 500, LAUNCH_FAILED = 719;
static int fakeContext, fakeStream;

extern "C" {
CUresult cuInit(unsigned int) { return OK; }
CUresult cuDriverGetVersion(int* v) { *v = 13000; return OK; }
CUresult cuDeviceGetCount(int* n) { *n = 1; return OK; }
CUresult cuDeviceGet(CUdevice* d, int ordinal) { if (ordinal != 0) return INVALID_VALUE; *d = 0; return OK; }
CUresult cuDeviceGetName(char* name, int len, CUdevice) { std::snprintf(name, len, "peft4j fake CUDA device (host memory)"); return OK; }
CUresult cuDeviceGetAttribute(int* v, int attrib, CUdevice) {
    *v = attrib == 75 ? 9 : attrib == 76 ? 0 : 1; // compute capability 9.0
    return OK;
}
CUresult cuDevicePrimaryCtxRetain(void** ctx, CUdevice) { *ctx = &fakeContext; return OK; }
CUresult cuDevicePrimaryCtxRelease_v2(CUdevice) { return OK; }
CUresult cuCtxSetCurrent(void*) { return OK; }
CUresult cuCtxSynchronize() { return OK; }
CUresult cuMemAlloc_v2(CUdeviceptr* p, size_t bytes) {
    void* m = std::aligned_alloc(256, (bytes + 255) / 256 * 256);
    if (!m) return 2; // CUDA_ERROR_OUT_OF_MEMORY
    *p = (CUdeviceptr) m;
    return OK;
}
CUresult cuMemFree_v2(CUdeviceptr p) { std::free((void*) p); return OK; }
CUresult cuMemGetInfo_v2(size_t* free, size_t* total) { *free = 1ull << 30; *total = 2ull << 30; return OK; }
CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void* src, size_t n) { std::memcpy((void*) dst, src, n); return OK; }
CUresult cuMemcpyDtoH_v2(void* dst, CUdeviceptr src, size_t n) { std::memcpy(dst, (void*) src, n); return OK; }
CUresult cuMemcpyDtoD_v2(CUdeviceptr dst, CUdeviceptr src, size_t n) { std::memmove((void*) dst, (void*) src, n); return OK; }
CUresult cuMemsetD8_v2(CUdeviceptr p, unsigned char v, size_t n) { std::memset((void*) p, v, n); return OK; }
CUresult cuStreamCreate(void** s, unsigned int) { *s = &fakeStream; return OK; }
CUresult cuStreamDestroy_v2(void*) { return OK; }
CUresult cuStreamSynchronize(void*) { return OK; }
CUresult cuGetErrorName(CUresult, const char** s) { *s = "FAKE_ERROR"; return OK; }
CUresult cuGetErrorString(CUresult, const char** s) { *s = "fake driver error"; return OK; }

CUresult cuModuleLoadData(void** module, const void* image) {
    const char* ptx = (const char*) image;
    if (!std::strstr(ptx, ".version") || !std::strstr(ptx, ".target")) return 218; // CUDA_ERROR_INVALID_PTX
    Module* m = new Module();
    for (const char* p = std::strstr(ptx, ".entry "); p; p = std::strstr(p + 1, ".entry ")) {
        const char* s = p + 7;
        const char* e = s;
        while (*e && *e != '(' && *e != ' ' && *e != '\n') e++;
        m->entries.emplace_back(s, e - s);
    }
    *module = m;
    return OK;
}
CUresult cuModuleUnload(void* module) { delete (Module*) module; return OK; }
CUresult cuModuleGetFunction(void** f, void* module, const char* name) {
    for (auto& e : ((Module*) module)->entries)
        if (e == name) { *f = new Function{e}; return OK; }
    return NOT_FOUND;
}
CUresult cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz, unsigned shared,
                        void*, void** params, void** extra) {
    if (extra) return INVALID_VALUE;
    char err[512];
    if (emu_launch(((Function*) f)->name.c_str(), gx, gy, gz, bx, by, bz, shared, params, err, sizeof err) != 0) {
        std::fprintf(stderr, "fake libcuda: %s\n", err);
        return LAUNCH_FAILED;
    }
    return OK;
}
}
