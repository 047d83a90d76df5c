/* Times commands interleaved: each round runs every command once, in an order that rotates
 * from round to round, so that load from other processes on the machine falls on all of them
 * alike. Prints, per command, the median and the minimum wall-clock time in milliseconds.
 *
 * usage: interleave RUNS WARMUP COMMAND [-- COMMAND]...
 * COMMAND: [NAME=VALUE]... [<FILE] PROGRAM [ARG]...   (environment additions, stdin; no shell)
 * stdout and stderr of the commands go to /dev/null; a command that fails stops the run. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct command {
    char **argv;  /* NAME=VALUE..., <FILE, PROGRAM, ARG..., NULL */
    double *samples;
};

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double run(char **argv) {
    const double start = now_ms();
    const pid_t pid = fork();
    if (pid < 0) {
        perror("interleave: fork");
        exit(1);
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        const char *input = "/dev/null";
        for (; strchr(*argv, '=') != NULL || **argv == '<'; ++argv) {
            if (**argv == '<') {
                input = *argv + 1;
            } else {
                putenv(*argv);
            }
        }
        int in = open(input, O_RDONLY);
        if (null < 0 || in < 0) {
            perror("interleave: open");
            _exit(127);
        }
        dup2(in, 0);
        dup2(null, 1);
        dup2(null, 2);
        execvp(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    if (waitpid(pid, &status, 0) < 0) {
        perror("interleave: waitpid");
        exit(1);
    }
    const double elapsed = now_ms() - start;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        fprintf(stderr, "interleave: command failed (status %d):", status);
        for (; *argv; ++argv) {
            fprintf(stderr, " %s", *argv);
        }
        fprintf(stderr, "\n");
        exit(1);
    }
    return elapsed;
}

static int compare(const void *a, const void *b) {
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: interleave RUNS WARMUP COMMAND [-- COMMAND]...\n");
        return 2;
    }
    const int runs = atoi(argv[1]);
    const int warmup = atoi(argv[2]);
    struct command commands[32];
    int count = 0;
    for (int i = 3; i < argc && count < 32;) {
        commands[count].argv = &argv[i];
        while (i < argc && strcmp(argv[i], "--") != 0) {
            ++i;
        }
        if (i < argc) {
            argv[i++] = NULL;  /* ends this command's argv */
        }
        commands[count].samples = calloc((size_t)(runs > 0 ? runs : 1), sizeof(double));
        ++count;
    }
    for (int round = -warmup; round < runs; ++round) {
        for (int k = 0; k < count; ++k) {
            const int c = ((round + warmup) + k) % count;
            const double elapsed = run(commands[c].argv);
            if (round >= 0) {
                commands[c].samples[round] = elapsed;
            }
        }
    }
    for (int c = 0; c < count; ++c) {
        double *s = commands[c].samples;
        qsort(s, (size_t)runs, sizeof(double), compare);
        const double median = runs % 2 ? s[runs / 2] : (s[runs / 2 - 1] + s[runs / 2]) / 2;
        printf("%.2f %.2f\n", median, s[0]);
    }
    return 0;
}
