package dev.consent.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Races: {@code n} tasks on {@code n} threads, released together by one latch. */
final class AtOnce {
  private AtOnce() {}

  /** Runs task {@code t} for each t in 0..n-1 at once; their results in task order (at most 2 minutes). */
  static <T> List<T> run(int n, IntFunction<Callable<T>> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> all = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        Callable<T> work = task.apply(t);
        all.add(pool.submit(() -> {
          go.await();
          return work.call();
        }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : all) {
        out.add(f.get(120, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
