/* Ping-pong over loopback TCP between two processes, 1-byte messages, a blocking recv on each side: the kernel's floor
   for tests/wakeup.sh. Usage: pingpong N [GAP] (µs of busy work before each round trip, not counted); prints mean, p50 and p99 µs a round trip. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return (x > y) - (x < y); }

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 100000, gap = argc > 2 ? atoi(argv[2]) : 0, one = 1;
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in at = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
  socklen_t length = sizeof at;
  if (bind(listener, (struct sockaddr *)&at, sizeof at) || listen(listener, 1) || getsockname(listener, (struct sockaddr *)&at, &length)) { perror("listen"); return 1; }
  pid_t child = fork();
  if (child == 0) {
    int s = accept(listener, 0, 0); char c;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    while (recv(s, &c, 1, 0) == 1) send(s, &c, 1, 0);
    return 0;
  }
  int s = socket(AF_INET, SOCK_STREAM, 0); char c = 0;
  setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(s, (struct sockaddr *)&at, sizeof at)) { perror("connect"); return 1; }
  double *us = malloc(sizeof(double) * n), sum = 0;
  for (int i = -1000; i < n; i++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (double waited = 0; waited < gap; ) {
      clock_gettime(CLOCK_MONOTONIC, &b);
      waited = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
    }
    clock_gettime(CLOCK_MONOTONIC, &a);
    send(s, &c, 1, 0);
    if (recv(s, &c, 1, 0) != 1) { perror("recv"); return 1; }
    clock_gettime(CLOCK_MONOTONIC, &b);
    if (i >= 0) { us[i] = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3; sum += us[i]; }
  }
  close(s);
  waitpid(child, 0, 0);
  qsort(us, n, sizeof(double), cmp);
  printf("%.1f %.1f %.1f\n", sum / n, us[n / 2], us[n * 99 / 100]);
  return 0;
}
