/* The floor of a TLS handshake's server CPU on this machine: a server that does nothing but OpenSSL's handshake.
 * One connection at a time (openssl s_time -new connects one at a time): accept, SSL_accept, SSL_shutdown, close.
 * No event loop, no HTTP, no WebSocket: what remains is OpenSSL's work and the kernel's for one TCP connection,
 * which every server using this OpenSSL pays for the same handshake.
 *   cc -O2 -o tls_floor tls_floor.c -lssl -lcrypto
 *   tls_floor PORT CERT KEY [TICKETS]   (TICKETS: TLS 1.3 session tickets sent per handshake, OpenSSL's default 2) */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s PORT CERT KEY [TICKETS]\n", argv[0]);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx || SSL_CTX_use_certificate_chain_file(ctx, argv[2]) != 1
        || SSL_CTX_use_PrivateKey_file(ctx, argv[3], SSL_FILETYPE_PEM) != 1) {
        ERR_print_errors_fp(stderr);
        return 1;
    }
    if (argc > 4) SSL_CTX_set_num_tickets(ctx, (size_t)atoi(argv[4]));
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons((unsigned short)atoi(argv[1]))};
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 128) != 0) {
        perror("bind/listen");
        return 1;
    }
    for (;;) {
        int fd = accept(listener, NULL, NULL);
        if (fd < 0) continue;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        SSL *ssl = SSL_new(ctx);
        SSL_set_fd(ssl, fd);
        if (SSL_accept(ssl) == 1) SSL_shutdown(ssl);
        SSL_free(ssl);
        close(fd);
    }
}
