/*
 * A test-only stand-in for Windows' bcryptprimitives.dll, which Wine 8.0 lacks.
 *
 * Rust's std (1.78 and later) gets its random numbers (HashMap keys, ...) from ProcessPrng in
 * bcryptprimitives.dll; without it every Rust .exe stops at start (exit code 53) under Wine 8.
 * scripts/windows-check.sh compiles this file with mingw and places the DLL in the Wine prefix
 * used for the tests. It is never shipped: real Windows (10 and later) has the real DLL.
 *
 * ProcessPrng fills the buffer from RtlGenRandom (advapi32's SystemFunction036), which Wine
 * implements with the host's random source.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
