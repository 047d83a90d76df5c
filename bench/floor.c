/* The floor of bench/run: the least a client can do for one token fetch over HTTPS, with
 * OpenSSL only. It connects, verifies the server against one CA file (and its address or name),
 * sends one GET with the bearer header, reads until the end of the connection, and exits 0 when
 * the answer is a 200. No HTTP parsing, no retries, no TLS close_notify: nothing any real client
 * could leave out, so that a program's time over the floor's is what it adds.
 *
 * usage: floor HOST PORT TARGET CA-FILE BEARER */
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

int main(int argc, char** argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: floor HOST PORT TARGET CA-FILE BEARER\n");
        return 2;
    }
    const char *host = argv[1], *port = argv[2], *target = argv[3], *ca = argv[4];
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
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    if (ctx == NULL || SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
        return fail("cannot load the CA file");
    }
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    SSL* ssl = SSL_new(ctx);
    struct in6_addr ip;
    const int is_ip = inet_pton(AF_INET, host, &ip) == 1 || inet_pton(AF_INET6, host, &ip) == 1;
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (ssl == NULL || SSL_set_fd(ssl, fd) != 1 ||
        (is_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host)
               : SSL_set_tlsext_host_name(ssl, host) && SSL_set1_host(ssl, host)) != 1) {
        return fail("cannot set up the TLS session");
    }
    if (SSL_connect(ssl) != 1) {
        return fail("the TLS handshake failed");
    }
    char request[8192];
    const int length = snprintf(request, sizeof request,
                                "GET %s HTTP/1.1\r\nHost: %s:%s\r\nAuthorization: Bearer %s\r\n"
                                "Connection: close\r\n\r\n",
                                target, host, port, argv[5]);
    if (length <= 0 || (size_t)length >= sizeof request ||
        SSL_write(ssl, request, length) != length) {
        return fail("cannot send the request");
    }
    char response[16384];
    size_t received = 0;
    int got;
    while ((got = SSL_read(ssl, response + received, (int)(sizeof response - 1 - received))) > 0) {
        received += (size_t)got;
        if (received == sizeof response - 1) {
            return fail("the response is too large");
        }
    }
    response[received] = '\0';
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    close(fd);
    return strncmp(response, "HTTP/1.1 200 ", 13) == 0 ? 0 : fail("the answer is not a 200");
}
