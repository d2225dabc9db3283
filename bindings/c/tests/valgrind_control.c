/*
 * Negative control for the valgrind setup (added only with -DMR_VALGRIND=ON, marked WILL_FAIL):
 * leaks one error document on purpose, so the run fails unless valgrind really reports leaked
 * library strings as errors. Guards against a launcher that silently checks nothing.
 */
#include <stddef.h>

#include "memoryrelay.h"

int main(void) {
    char *out = NULL;
    mr_call(NULL, "agents.list", "{}", &out); /* error document, caller-owned */
    out = NULL;                               /* ... and lost: a definite leak */
    return out != NULL;
}
