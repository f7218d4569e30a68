//! Run futures concurrently on the current task and collect their outputs in order
//! (`join_all`, and `map_bounded` for fleets, without pulling in the futures crate).

use std::future::Future;
use std::pin::Pin;
use std::task::Poll;

pub async fn join_all<F: Future>(futures: Vec<F>) -> Vec<F::Output> {
    let mut pending: Vec<Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut done = true;
        for (future, output) in pending.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    Poll::Ready(value) => *output = Some(value),
                    Poll::Pending => done = false,
                }
            }
        }
        if done { Poll::Ready(()) } else { Poll::Pending }
    })
    .await;
    outputs
        .into_iter()
        .map(|o| o.expect("every future completed"))
        .collect()
}

/// `work` over every item, at most `limit` at once, the outputs in the items' order;
/// `finished` is told of each output as it comes. Only the running futures exist (a
/// fleet of ten thousand holds sixteen), and only they are polled.
pub async fn map_bounded<I, F, Fut>(
    items: I,
    limit: usize,
    work: F,
    finished: impl FnMut(&Fut::Output),
) -> Vec<Fut::Output>
where
    I: IntoIterator,
    F: FnMut(I::Item) -> Fut,
    Fut: Future,
{
    let mut window = Window {
        items: items.into_iter().enumerate(),
        work,
        finished,
        running: Vec::with_capacity(limit.max(1)),
        outputs: Vec::new(),
        limit: limit.max(1),
    };
    std::future::poll_fn(|cx| window.poll(cx)).await;
    window
        .outputs
        .into_iter()
        .map(|o| o.expect("every future completed"))
        .collect()
}

/// The state of `map_bounded`: the items not started, the futures running (with their
/// item's index), and the outputs so far.
struct Window<It, F, Fut: Future, D> {
    items: It,
    work: F,
    finished: D,
    running: Vec<(usize, Pin<Box<Fut>>)>,
    outputs: Vec<Option<Fut::Output>>,
    limit: usize,
}

impl<It, Item, F, Fut, D> Window<It, F, Fut, D>
where
    It: Iterator<Item = (usize, Item)>,
    F: FnMut(Item) -> Fut,
    Fut: Future,
    D: FnMut(&Fut::Output),
{
    fn poll(&mut self, cx: &mut std::task::Context<'_>) -> Poll<()> {
        loop {
            self.fill();
            if self.running.is_empty() {
                return Poll::Ready(());
            }
            if !self.poll_running(cx) {
                return Poll::Pending;
            }
        }
    }

    /// Start items until `limit` run.
    fn fill(&mut self) {
        while self.running.len() < self.limit {
            let Some((index, item)) = self.items.next() else { break };
            self.running.push((index, Box::pin((self.work)(item))));
        }
    }

    /// Poll each running future once; whether any finished (room for more).
    fn poll_running(&mut self, cx: &mut std::task::Context<'_>) -> bool {
        let mut any = false;
        let mut k = 0;
        while k < self.running.len() {
            match self.running[k].1.as_mut().poll(cx) {
                Poll::Ready(out) => {
                    let (index, _) = self.running.swap_remove(k);
                    (self.finished)(&out);
                    if self.outputs.len() <= index {
                        self.outputs.resize_with(index + 1, || None);
                    }
                    self.outputs[index] = Some(out);
                    any = true;
                }
                Poll::Pending => k += 1,
            }
        }
        any
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn outputs_keep_their_order_and_run_together() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let started = std::time::Instant::now();
        let out = rt.block_on(super::join_all(
            (0..5u64)
                .map(|i| async move {
                    tokio::time::sleep(std::time::Duration::from_millis(100 - i * 10)).await;
                    i
                })
                .collect(),
        ));
        assert_eq!(out, vec![0, 1, 2, 3, 4]);
        assert!(started.elapsed() < std::time::Duration::from_millis(300));
    }

    #[test]
    fn bounded_runs_at_most_the_limit_and_keeps_the_order() {
        use std::cell::Cell;
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let (running, peak, done) = (Cell::new(0), Cell::new(0), Cell::new(0));
        let started = std::time::Instant::now();
        let out = rt.block_on(super::map_bounded(
            0..20u64,
            4,
            |i| {
                let (running, peak) = (&running, &peak);
                async move {
                    running.set(running.get() + 1);
                    peak.set(peak.get().max(running.get()));
                    // Later items finish sooner: the order comes from the index, not the finish.
                    tokio::time::sleep(std::time::Duration::from_millis(40 - i)).await;
                    running.set(running.get() - 1);
                    i * 10
                }
            },
            |_| done.set(done.get() + 1),
        ));
        assert_eq!(out, (0..20).map(|i| i * 10).collect::<Vec<_>>());
        assert_eq!((peak.get(), done.get()), (4, 20));
        // Five rounds of at most 40 ms, not twenty.
        assert!(started.elapsed() < std::time::Duration::from_millis(400));
        let empty: Vec<u8> = rt.block_on(super::map_bounded(Vec::<u8>::new(), 4, |b| async move { b }, |_| {}));
        assert!(empty.is_empty());
    }
}
