/*
 * Linked into the NativeAOT binary (Vibedom.Cli.csproj, target RehydrationObject). Before main, prepares the
 * zero-filled end of the writable segment (.bss and `.hydrated`, where the runtime's start writes the rehydrated
 * type and method data, about 4.7 MB): whole aligned 2 MiB ranges in it are advised as transparent huge pages,
 * then all of it is populated in one call. Without this each of its 4 KiB pages is a page fault taken while
 * rehydrating (about 1,000 of `vibedom --version`'s 1,500; each costs several microseconds in a virtual machine).
 * Measured in docs/ARCHITECTURE.md, "Start-up". Nothing else changes: these pages are written at every start
 * anyway. A kernel without THP (or set to "never") or older than 5.14 (no MADV_POPULATE_WRITE) refuses the
 * advice, and the binary starts exactly as before.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

#define HUGE_PAGE ((uintptr_t)2 << 20)

static uintptr_t align_up(uintptr_t value, uintptr_t alignment) { return (value + alignment - 1) & ~(alignment - 1); }

static int prepare_main_executable(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    if (info->dlpi_name != NULL && info->dlpi_name[0] != '\0')
        return 0; /* a shared library: the main executable is the one without a name */
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || !(segment->p_flags & PF_W) || segment->p_memsz <= segment->p_filesz)
            continue;
        /* the anonymous, zero-filled pages after the file's last page */
        uintptr_t start = align_up(info->dlpi_addr + segment->p_vaddr + segment->p_filesz, page);
        uintptr_t end = align_up(info->dlpi_addr + segment->p_vaddr + segment->p_memsz, page);
        uintptr_t huge_start = align_up(start, HUGE_PAGE), huge_end = end & ~(HUGE_PAGE - 1);
        /* advice only: a refusal changes nothing */
        if (huge_start < huge_end)
            (void)madvise((void *)huge_start, huge_end - huge_start, MADV_HUGEPAGE);
        if (start < end)
            (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
    }
    return 1;
}

__attribute__((constructor)) static void vibedom_prepare_rehydration(void)
{
    dl_iterate_phdr(prepare_main_executable, NULL);
}
