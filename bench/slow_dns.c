// A slow resolver for bench/soak, loaded with LD_PRELOAD: a lookup of the name "localhost" (not a
// numeric one) first waits for the next delay of SLOW_DNS_DELAYS (milliseconds, comma-separated,
// used in turn and repeated), then resolves to 127.0.0.1 only. Every other call goes to the real
// getaddrinfo. Build: cc -shared -fPIC -O2 -o slow_dns.so bench/slow_dns.c -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef int (*getaddrinfo_fn)(const char*, const char*, const struct addrinfo*,
                              struct addrinfo**);

// The delay of this lookup, in milliseconds.
static long next_delay_ms(void) {
    static unsigned long lookups;
    const char* list = getenv("SLOW_DNS_DELAYS");
    if (list == NULL || *list == '\0') {
        return 0;
    }
    unsigned long count = 1;
    for (const char* p = list; *p != '\0'; ++p) {
        count += *p == ',';
    }
    unsigned long index = __atomic_fetch_add(&lookups, 1, __ATOMIC_RELAXED) % count;
    const char* item = list;
    while (index-- > 0) {
        item = strchr(item, ',') + 1;
    }
    return strtol(item, NULL, 10);
}

int getaddrinfo(const char* node, const char* service, const struct addrinfo* hints,
                struct addrinfo** result) {
    const getaddrinfo_fn real = (getaddrinfo_fn)dlsym(RTLD_NEXT, "getaddrinfo");
    if (node == NULL || strcmp(node, "localhost") != 0 ||
        (hints != NULL && (hints->ai_flags & AI_NUMERICHOST) != 0)) {
        return real(node, service, hints, result);
    }
    const long ms = next_delay_ms();
    struct timespec left = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&left, &left) != 0 && errno == EINTR) {
    }
    struct addrinfo numeric = {0};
    if (hints != NULL) {
        numeric = *hints;
    }
    numeric.ai_flags = (numeric.ai_flags & ~AI_ADDRCONFIG) | AI_NUMERICHOST;
    return real("127.0.0.1", service, &numeric, result);
}
