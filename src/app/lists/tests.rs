//! The list engine against an in-memory server.

use super::*;
use std::collections::HashSet;

mod filter;

fn digits(row: &u64, q: &str) -> bool {
    row.to_string().contains(q)
}

#[derive(Clone, Copy, PartialEq)]
enum Order {
    Sent,
    Reversed,
    Shuffled,
}

/// A fake server of `n` rows (row `i` is `i`), with or without totalCount, and a
/// recorder that checks every request against the rules.
struct Fake {
    list: PagedList<u64>,
    n: u64,
    with_total: bool,
    order: Order,
    outstanding: Vec<PageRequest>,
    /// Pages answered in the current generation, whole or probed (`true`).
    answered: HashSet<(u64, bool)>,
    /// Pages that will fail once.
    fail: HashSet<u64>,
    sent: u64,
    /// Of which probes (one row each).
    probes: u64,
    seed: u64,
}

impl Fake {
    fn new(n: u64, with_total: bool, page_size: u64) -> Self {
        Fake {
            list: PagedList::with_page_size(page_size, digits),
            n,
            with_total,
            order: Order::Sent,
            outstanding: Vec::new(),
            answered: HashSet::new(),
            fail: HashSet::new(),
            sent: 0,
            probes: 0,
            seed: 0x9E37_79B9_7F4A_7C15 ^ n,
        }
    }

    fn serve(&self, r: &PageRequest) -> PageResult<u64> {
        let end = self.n.min(r.offset + r.limit);
        Ok((
            (r.offset.min(end)..end).collect(),
            self.with_total.then_some(self.n),
        ))
    }

    fn send(&mut self, reqs: Vec<PageRequest>) {
        let ps = self.list.page_size();
        for r in reqs {
            assert_eq!(r.generation, self.list.generation());
            let shape = match r.probe {
                // A probe asks whether the page's first row exists, once a page.
                true => (r.page * ps, 1),
                false => (r.page * ps, ps),
            };
            assert_eq!((r.offset, r.limit), shape, "{r:?}");
            assert!(
                !self.outstanding.iter().any(|o| o.page == r.page),
                "page {} asked for twice at once",
                r.page
            );
            let key = (r.page, r.probe);
            assert!(
                !self.answered.contains(&key),
                "page {} asked for again after it was answered ({r:?})",
                r.page
            );
            if r.probe {
                self.probes += 1;
            }
            self.outstanding.push(r);
            self.sent += 1;
            assert!(
                self.outstanding.len() <= MAX_IN_FLIGHT,
                "more than 4 in flight"
            );
        }
        assert_eq!(self.list.in_flight(), self.outstanding.len());
        if let Some(f) = &self.list.filter {
            assert!(f.matches.windows(2).all(|w| w[0] < w[1]), "matches sorted");
        }
        let rows = self.list.rows();
        assert!(self.list.selected() < rows.max(1));
        assert!(self.list.first_visible() <= self.list.selected());
        assert!(self.list.selected() < self.list.first_visible() + self.list.height());
    }

    fn answer_at(&mut self, i: usize) {
        let r = self.outstanding.remove(i);
        let result = if self.fail.remove(&r.page) {
            Err(format!("page {} failed", r.page))
        } else {
            self.answered.insert((r.page, r.probe));
            self.serve(&r)
        };
        let more = self.list.on_page(r, result);
        self.send(more);
    }

    fn next_random(&mut self) -> u64 {
        self.seed = self
            .seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.seed >> 33
    }

    /// Answers every request outstanding now; requests sent meanwhile wait for the next
    /// round. Returns whether there was anything to answer.
    fn round(&mut self) -> bool {
        let mut batch: Vec<PageRequest> = self.outstanding.clone();
        if batch.is_empty() {
            return false;
        }
        match self.order {
            Order::Sent => {}
            Order::Reversed => batch.reverse(),
            Order::Shuffled => {
                for i in (1..batch.len()).rev() {
                    let j = (self.next_random() % (i as u64 + 1)) as usize;
                    batch.swap(i, j);
                }
            }
        }
        for r in batch {
            let i = self.outstanding.iter().position(|o| *o == r).unwrap();
            self.answer_at(i);
        }
        true
    }

    fn run(&mut self) -> u32 {
        let mut rounds = 0;
        while self.round() {
            rounds += 1;
            assert!(rounds < 100_000, "never settles");
        }
        rounds
    }

    fn reset(&mut self) {
        let reqs = self.list.reset();
        self.outstanding.clear();
        self.answered.clear();
        self.send(reqs);
    }
}

fn brute(n: u64, q: &str) -> Vec<u64> {
    (0..n).filter(|i| digits(i, q)).collect()
}

fn assert_at_end(f: &Fake) {
    let n = f.n;
    assert_eq!(f.list.total(), Some(n), "total of {n}");
    assert_eq!(f.list.rows(), n);
    assert!(!f.list.seeking_end());
    assert_eq!(f.list.selected(), n.saturating_sub(1), "selected of {n}");
    if n > 0 {
        assert_eq!(f.list.selected_row(), Some(&(n - 1)));
        assert!(!f.list.is_loading_row(n - 1));
    } else {
        assert_eq!(f.list.selected_row(), None);
    }
}

#[test]
fn end_of_100000_rows_without_total_takes_a_handful_of_rounds() {
    let mut f = Fake::new(100_000, false, PAGE_SIZE);
    let r = f.list.set_view(20);
    f.send(r);
    let r = f.list.end();
    f.send(r);
    assert!(f.list.seeking_end());
    let rounds = f.run();
    assert_at_end(&f);
    eprintln!("cold End of 100,000: {rounds} rounds, {} requests", f.sent);
    assert!(rounds <= 8, "{rounds} rounds");
    assert!(f.sent <= 20, "{} requests", f.sent);

    // With the first page already loaded, as when the operator opened the list.
    let mut f = Fake::new(100_000, false, PAGE_SIZE);
    let r = f.list.set_view(20);
    f.send(r);
    f.run();
    let before = f.sent;
    let r = f.list.end();
    f.send(r);
    let rounds = f.run();
    assert_at_end(&f);
    eprintln!(
        "warm End of 100,000: {rounds} rounds, {} requests",
        f.sent - before
    );
    assert!(rounds <= 6, "{rounds} rounds");
    // Probes ask for one row each: only the first page and the last are read whole.
    assert_eq!(f.list.loaded(), 2 * PAGE_SIZE);
    assert_eq!(f.sent - before - f.probes, 1, "the last page, once");
}

#[test]
fn end_with_total_count_takes_one_or_two_rounds() {
    let mut f = Fake::new(100_000, true, PAGE_SIZE);
    let r = f.list.set_view(20);
    f.send(r);
    let r = f.list.end();
    f.send(r);
    let rounds = f.run();
    assert_at_end(&f);
    assert!(rounds <= 2, "{rounds}");
    assert_eq!(f.sent, 2);

    let mut f = Fake::new(100_000, true, PAGE_SIZE);
    let r = f.list.set_view(20);
    f.send(r);
    f.run();
    assert_eq!(f.list.total(), Some(100_000));
    let r = f.list.end();
    assert_eq!(f.list.selected(), 99_999);
    f.send(r);
    assert_eq!(f.run(), 1);
    assert_at_end(&f);
}

#[test]
fn end_of_small_and_odd_sized_lists() {
    for n in [
        0, 1, 2, 999, 1000, 1001, 1999, 2000, 2001, 4096, 65_535, 1_000_000, 9_999_999,
    ] {
        for with_total in [false, true] {
            for warm in [false, true] {
                let mut f = Fake::new(n, with_total, PAGE_SIZE);
                let r = f.list.set_view(24);
                f.send(r);
                if warm {
                    f.run();
                }
                let r = f.list.end();
                f.send(r);
                let rounds = f.run();
                assert_at_end(&f);
                assert!(rounds <= 12, "{n}: {rounds} rounds");
                if n <= 1000 || with_total {
                    assert!(rounds <= 2, "{n}: {rounds} rounds");
                }
            }
        }
    }
}

#[test]
fn end_is_exact_for_every_length_with_small_pages() {
    for n in 0..=3000 {
        let mut f = Fake::new(n, false, 10);
        let r = f.list.set_view(5);
        f.send(r);
        let r = f.list.end();
        f.send(r);
        f.order = if n % 2 == 0 {
            Order::Shuffled
        } else {
            Order::Reversed
        };
        let rounds = f.run();
        assert_at_end(&f);
        assert!(rounds <= 10, "{n}: {rounds} rounds");
    }
}

#[test]
fn stale_answers_are_ignored() {
    let mut f = Fake::new(5000, true, PAGE_SIZE);
    let old = f.list.set_view(20);
    assert_eq!(old.len(), 1);
    let generation = f.list.generation();
    f.reset();
    assert_ne!(f.list.generation(), generation);
    let more = f
        .list
        .on_page(old[0], Ok(((0..1000).collect(), Some(5000))));
    assert!(more.is_empty());
    assert_eq!(f.list.loaded(), 0);
    assert_eq!(f.list.total(), None);
    assert_eq!(f.list.in_flight(), 1);
    f.run();
    assert_eq!(f.list.total(), Some(5000));
    // An answer to a page that is not in flight is ignored too.
    assert!(f.list.on_page(old[0], Ok((vec![7], None))).is_empty());
    assert_eq!(f.list.get(0), Some(&0));
}

#[test]
fn an_error_stops_the_end_search_until_retry() {
    let mut f = Fake::new(100_000, false, PAGE_SIZE);
    let r = f.list.set_view(20);
    f.send(r);
    f.run();
    let r = f.list.end();
    f.send(r);
    assert_eq!(f.outstanding.len(), 4);
    f.fail.insert(f.outstanding[1].page);
    f.round();
    assert!(f.list.error().unwrap().contains("failed"));
    assert!(!f.list.seeking_end());
    assert!(f.outstanding.is_empty(), "nothing asked after an error");
    assert_eq!(f.run(), 0);
    // Moving asks for nothing either until retry.
    let r = f.list.page_down(20);
    assert!(r.is_empty());
    let r = f.list.end();
    assert!(r.is_empty());
    let r = f.list.retry();
    assert!(!r.is_empty());
    assert!(f.list.error().is_none());
    f.send(r);
    f.run();
    assert_at_end(&f);
}

#[test]
fn selection_clamps() {
    let mut f = Fake::new(50, true, 10);
    let r = f.list.set_view(8);
    f.send(r);
    f.run();
    assert_eq!(f.list.rows(), 50);
    let r = f.list.up();
    f.send(r);
    assert_eq!(f.list.selected(), 0);
    let r = f.list.select(1000);
    f.send(r);
    f.run();
    assert_eq!(f.list.selected(), 49);
    assert_eq!(f.list.first_visible(), 42);
    let r = f.list.down();
    f.send(r);
    assert_eq!(f.list.selected(), 49);
    let r = f.list.page_down(8);
    f.send(r);
    assert_eq!(f.list.selected(), 49);
    let r = f.list.page_up(8);
    f.send(r);
    assert_eq!((f.list.selected(), f.list.first_visible()), (41, 34));
    for _ in 0..10 {
        let r = f.list.page_up(8);
        f.send(r);
    }
    assert_eq!((f.list.selected(), f.list.first_visible()), (0, 0));
    let r = f.list.top();
    f.send(r);
    assert_eq!(f.list.selected(), 0);

    // Without a total the selection stops at the loading row after the known rows.
    let mut f = Fake::new(5000, false, 1000);
    let r = f.list.set_view(10);
    f.send(r);
    assert_eq!(f.list.rows(), 1);
    assert!(f.list.is_loading_row(0));
    f.run();
    assert_eq!(f.list.rows(), 1001);
    let r = f.list.select(10_000);
    f.send(r);
    assert_eq!(f.list.selected(), 1000);
    assert!(f.list.is_loading_row(1000));
    f.run();
    assert_eq!(f.list.rows(), 2001);
    assert_eq!(f.list.selected_row(), Some(&1000));

    // An empty list.
    let mut f = Fake::new(0, false, 1000);
    let r = f.list.set_view(10);
    f.send(r);
    f.run();
    assert_eq!((f.list.rows(), f.list.total()), (0, Some(0)));
    let r = f.list.page_down(10);
    f.send(r);
    assert_eq!(f.list.selected(), 0);
    assert_eq!(f.list.selected_row(), None);
    assert!(!f.list.is_loading_row(0));
}

#[test]
fn the_window_and_one_screen_around_it_are_loaded() {
    let mut f = Fake::new(100_000, true, 100);
    let r = f.list.set_view(30);
    f.send(r);
    f.run();
    assert_eq!(f.list.loaded(), 100);
    let r = f.list.select(5_000);
    f.send(r);
    f.run();
    // Visible 4,971..5,000; one screen either side: 4,941..5,030 → pages 49 and 50.
    assert!(f.list.get(4_941).is_some() && f.list.get(5_030).is_some());
    assert_eq!(f.list.loaded(), 300);
    for _ in 0..3 {
        let r = f.list.page_down(30);
        f.send(r);
    }
    f.run();
    assert!(f.list.get(5_120).is_some());
    assert!(f.list.get(5_300).is_none());
}

/// Random keys and partial answers: the rules hold whatever happens.
#[test]
fn random_use_keeps_the_rules() {
    for case in 0..60u64 {
        let n = [0, 1, 37, 999, 1000, 4321, 25_000][case as usize % 7];
        let mut f = Fake::new(n, case % 2 == 0, 100);
        f.seed ^= case;
        let r = f.list.set_view(12);
        f.send(r);
        for _ in 0..400 {
            let r = match f.next_random() % 16 {
                0 => f.list.down(),
                1 => f.list.up(),
                2 => f.list.page_down(12),
                3 => f.list.page_up(12),
                4 => f.list.top(),
                5 => f.list.end(),
                6 => f.list.set_filter("3"),
                7 => f.list.clear_filter(),
                8 => {
                    let h = 5 + f.next_random() % 30;
                    f.list.set_view(h)
                }
                9 => f.list.retry(),
                10 => {
                    if f.next_random().is_multiple_of(4) {
                        f.reset();
                    }
                    Vec::new()
                }
                k => {
                    if !f.outstanding.is_empty() {
                        let i = (f.next_random() as usize) % f.outstanding.len();
                        if k == 11 {
                            f.fail.insert(f.outstanding[i].page);
                        }
                        f.answer_at(i);
                    }
                    Vec::new()
                }
            };
            f.send(r);
        }
        f.run();
        f.fail.clear();
        let r = f.list.retry();
        f.send(r);
        f.run();
        let r = f.list.set_filter("7");
        f.send(r);
        f.run();
        assert_eq!(f.list.matches(), brute(n, "7"), "case {case}");
        let r = f.list.clear_filter();
        f.send(r);
        let r = f.list.end();
        f.send(r);
        f.run();
        assert_at_end(&f);
    }
}
