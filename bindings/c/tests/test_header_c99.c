/*
 * The header compiles standalone as strict C99 (-std=c99 -Wall -Wextra -Wpedantic -Werror, no
 * other include first) and survives double inclusion. The program also checks that the loaded
 * library matches the header's version macros.
 */
#include "memoryrelay.h"
#include "memoryrelay.h"

#include <stdio.h>
#include <string.h>

int main(void) {
    char expected[64];
    snprintf(expected, sizeof expected, "%d.%d.%d", MR_VERSION_MAJOR, MR_VERSION_MINOR,
             MR_VERSION_PATCH);
    int failed = 0;
    if (strcmp(mr_version(), expected) != 0) {
        fprintf(stderr, "mr_version() %s != header %s\n", mr_version(), expected);
        failed++;
    }
    if (mr_abi_version() != MR_ABI_VERSION) {
        fprintf(stderr, "mr_abi_version() %u != MR_ABI_VERSION %d\n", mr_abi_version(), MR_ABI_VERSION);
        failed++;
    }
    mr_status st = MR_INTERNAL;
    if (st != 12 || MR_OK != 0 || strcmp(mr_error_name(MR_CANCELLED), "CANCELLED") != 0) failed++;
    printf("%d passed, %d failed\n", 3 - failed, failed);
    return failed != 0;
}
