/* The floor of bench/run: the least a client can do for one token fetch over HTTPS, with
 * OpenSSL only. It connects, verifies the server against one CA file (and its address or name),
 * sends one GET with the bearer header, reads until the end of the connection, and exits 0 when
 * the answer is a 200. No HTTP parsing, no retries, no TLS close_notify: nothing any real client
 * could leave out, so that a program's time over the floor's is what it adds.
 *
 * With three more arguments it is the floor of an exchange (a registry's trusted publishing):
 * the token fetch as above, then, on a second connection to the same host at MINT-PORT, one
 * POST to MINT-TARGET of the JSON body {"FIELD":"<token>"} (PyPI's mint-token takes "token",
 * crates.io's "jwt"), the token cut from the first answer's {"value":"..."}; it exits 0 when
 * both answers are a 200. The two requests share one TLS context (the CA file is read once), as
 * one client process would; nothing else is shared.
 *
 * usage: floor HOST PORT TARGET CA-FILE BEARER [MINT-PORT MINT-TARGET FIELD] */
#include <arpa/inet.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int fail(const char* what) {
    fprintf(stderr, "floor: %s\n", what);
    ERR_print_errors_fp(stderr);
    return 1;
}

/* One request on a connection of its own: connects to host:port, verifies the server, sends the
 * request and reads the answer into response (NUL-terminated) until the connection ends. Returns
 * 0, or 1 after saying what failed. */
static int https(SSL_CTX* ctx, const char* host, const char* port, const char* request, int length,
                 char* response, size_t size) {
    struct addrinfo hints = {0}, *addresses = NULL;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &addresses) != 0) {
        return fail("cannot resolve the host");
    }
    int fd = -1;
    for (struct addrinfo* a = addresses; a != NULL && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(addresses);
    if (fd < 0) {
        return fail("cannot connect");
    }
    SSL* ssl = SSL_new(ctx);
    struct in6_addr ip;
    const int is_ip = inet_pton(AF_INET, host, &ip) == 1 || inet_pton(AF_INET6, host, &ip) == 1;
    if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 ||
        (is_ip ? X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host)
               : SSL_set_tlsext_host_name(ssl, host) && SSL_set1_host(ssl, host)) != 1) {
        return fail("cannot set up the TLS session");
    }
    if (SSL_connect(ssl) != 1) {
        return fail("the TLS handshake failed");
    }
    if (SSL_write(ssl, request, length) != length) {
        return fail("cannot send the request");
    }
    size_t received = 0;
    int got;
    while ((got = SSL_read(ssl, response + received, (int)(size - 1 - received))) > 0) {
        received += (size_t)got;
        if (received == size - 1) {
            return fail("the response is too large");
        }
    }
    response[received] = '\0';
    SSL_free(ssl);
    close(fd);
    return strncmp(response, "HTTP/1.1 200 ", 13) == 0 ? 0 : fail("the answer is not a 200");
}

int main(int argc, char** argv) {
    if (argc != 6 && argc != 9) {
        fprintf(stderr,
                "usage: floor HOST PORT TARGET CA-FILE BEARER [MINT-PORT MINT-TARGET FIELD]\n");
        return 2;
    }
    const char *host = argv[1], *port = argv[2], *target = argv[3], *ca = argv[4];
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL || SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
        return fail("cannot load the CA file");
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    char request[8192];
    int length = snprintf(request, sizeof request,
                          "GET %s HTTP/1.1\r\nHost: %s:%s\r\nAuthorization: Bearer %s\r\n"
                          "Connection: close\r\n\r\n",
                          target, host, port, argv[5]);
    if (length <= 0 || (size_t)length >= sizeof request) {
        return fail("the request is too large");
    }
    char response[16384];
    if (https(ctx, host, port, request, length, response, sizeof response) != 0) {
        return 1;
    }
    if (argc == 9) {
        /* The token: what follows "value":" up to the next quote (a JWT needs no escapes). */
        const char* body = strstr(response, "\r\n\r\n");
        const char* value = body == NULL ? NULL : strstr(body, "\"value\":\"");
        const char* end = value == NULL ? NULL : strchr(value + 9, '"');
        if (end == NULL) {
            return fail("the answer holds no token");
        }
        const int token_length = (int)(end - (value + 9));
        const int body_length = token_length + (int)strlen(argv[8]) + 7; /* {"F":"T"} */
        length = snprintf(request, sizeof request,
                          "POST %s HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %d\r\nConnection: close\r\n\r\n{\"%s\":\"%.*s\"}",
                          argv[7], host, argv[6], body_length, argv[8], token_length, value + 9);
        if (length <= 0 || (size_t)length >= sizeof request) {
            return fail("the request is too large");
        }
        if (https(ctx, host, argv[6], request, length, response, sizeof response) != 0) {
            return 1;
        }
    }
    SSL_CTX_free(ctx);
    return 0;
}
