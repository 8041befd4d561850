//! Finding mail by what people remember (a sender, a day), a query the server refuses, and
//! moving from item to item in the details.

use super::*;

/// "The mail from Lee yesterday": the day word goes to the server as an ISO day, the status
/// line says how it was read, and every mail found is from that day (in UTC, as the server
/// reads dates).
#[tokio::test]
async fn a_mail_is_found_by_its_sender_and_a_day_word() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Char('S')).await;
    h.type_text("from:lee received:yesterday").await;
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let found = h.render(80, 24);
    assert!(
        found.contains("search “from:lee received:2026-11-30”"),
        "{found}"
    );
    let said = h.app.status_message().unwrap_or_default().to_string();
    assert_eq!(
        said,
        "Searching with received:yesterday read as Monday 30 November 2026, 00:00–24:00 UTC."
    );
    let b = h.app.find::<BrowsePage>().unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30);
    let rows: Vec<_> = (0..b.list.loaded()).filter_map(|i| b.list.row(i)).collect();
    assert!(!rows.is_empty(), "{found}");
    for r in rows {
        let vb365_tui::api::Row::Item(i) = r else {
            panic!("a mail")
        };
        assert_eq!(i.when().map(|w| w.0.date_naive()), day, "{}", r.title());
        assert!(r.detail().contains("Lee"), "{}", r.detail());
    }
    assert!(!found.contains("Sun 29 Nov"), "{found}");
    snap("search_by_day", &mut h);
    // What is found is named by its mailbox, not by the search, in the restore form.
    h.key(KeyCode::Char('R')).await;
    let form = h.render(80, 24);
    assert!(form.contains("” from mailbox Adele Vance"), "{form}");
    assert!(!form.contains("from Adele Vance › search"), "{form}");
}

/// A query the server refuses: back at the prompt where it was typed, the query kept to be
/// fixed, the server's words under it.
#[tokio::test]
async fn a_refused_query_is_kept_with_the_servers_words() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Char('S')).await;
    h.type_text("invoice importance:high").await;
    h.key(KeyCode::Enter).await;
    h.pump_until("the refusal", |a| {
        a.find::<BrowsePage>()
            .is_some_and(|b| b.search_error.is_some())
    })
    .await;
    let b = h.app.find::<BrowsePage>().unwrap();
    assert!(b.searching && b.query.value() == "invoice importance:high");
    assert!(matches!(
        b.listing,
        vb365_tui::api::Listing::MailboxFolders { .. }
    ));
    let screen = h.render(80, 24);
    assert!(
        screen.contains("Search mailbox Adele Vance: invoice importance:high"),
        "{screen}"
    );
    assert!(
        screen.contains("✗ The search keyword 'importance' is not supported"),
        "{screen}"
    );
    snap("search_refused", &mut h);
    // Fixed and sent again, it searches.
    for _ in 0.."importance:high".len() {
        h.key(KeyCode::Backspace).await;
    }
    h.type_text("received:yesterday").await;
    h.key(KeyCode::Enter).await;
    loaded(&mut h).await;
    let b = h.app.find::<BrowsePage>().unwrap();
    assert!(b.list.loaded() > 0 && b.search_error.is_none());
}

/// In an item's details, j and k go to the next and previous item (each read on its own),
/// Space marks the one shown, and Esc goes back to the list where the cursor now is.
#[tokio::test]
async fn the_item_view_moves_to_the_next_item_and_marks_it() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox
    loaded(&mut h).await;
    let read = |h: &Harness| {
        let b = h.app.find::<BrowsePage>().unwrap();
        matches!(b.item, Some(Ok(_))).then(|| b.list.selected_row().unwrap().title().to_string())
    };
    h.key(KeyCode::Enter).await;
    h.pump_until("the first item", |a| read_in(a).is_some())
        .await;
    let first = read(&h).unwrap();
    h.press("j").await;
    h.pump_until("the second item", |a| read_in(a).is_some())
        .await;
    let second = read(&h).unwrap();
    assert_ne!(first, second);
    assert!(h.render(80, 24).contains(&second));
    h.press("Space").await;
    h.press("k").await;
    h.pump_until("the first again", |a| read_in(a).is_some())
        .await;
    assert_eq!(read(&h).unwrap(), first);
    let footer = h.render(80, 24);
    assert!(
        footer.contains("j next") || footer.contains("↓ next"),
        "{footer}"
    );
    h.press("Esc").await;
    let b = h.app.find::<BrowsePage>().unwrap();
    assert!(!b.details && b.list.selected() == 0 && b.marked.len() == 1);
}

fn read_in(a: &vb365_tui::app::App) -> Option<()> {
    a.find::<BrowsePage>()
        .filter(|b| b.details && matches!(b.item, Some(Ok(_))))
        .map(|_| ())
}

/// `o` orders what is loaded: newest first, by subject, by sender, largest first, then the
/// server's order again; the title says which, and that it covers only the loaded rows.
#[tokio::test]
async fn o_orders_what_is_loaded_and_says_so() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox: 1,000 of 1,250 loaded
    loaded(&mut h).await;
    let titles = |h: &Harness| {
        let b = h.app.find::<BrowsePage>().unwrap();
        (0..b.list.rows())
            .filter_map(|p| b.list.row(p).map(|r| r.title().to_lowercase()))
            .collect::<Vec<_>>()
    };
    let listed = titles(&h);
    let requests = h.sim.sim.request_count(None, "/");
    h.press("o o").await;
    let by_subject = titles(&h);
    assert_eq!(by_subject.len(), listed.len(), "the loaded rows, no more");
    assert!(by_subject.windows(2).all(|w| w[0] <= w[1]), "A–Z");
    let screen = h.render(80, 24);
    assert!(
        screen.contains("by subject A–Z (of what is loaded)"),
        "{screen}"
    );
    assert!(
        h.app
            .status_message()
            .is_some_and(|m| m.contains("covers the 1,000 rows loaded")),
        "{:?}",
        h.app.status_message()
    );
    snap("items_by_subject", &mut h);
    // At 60 columns each row still shows its time in full ("[Thu 12 Nov 02:07…]").
    let narrow = h.render(60, 20);
    let times: Vec<&str> = narrow
        .lines()
        .filter_map(|l| l.split_once('['))
        .map(|(_, b)| b)
        .collect();
    assert!(!times.is_empty(), "{narrow}");
    for t in times {
        assert_eq!(t.chars().nth(13), Some(':'), "{t:?} in:\n{narrow}");
    }
    h.press("End").await;
    assert_eq!(
        h.sim.sim.request_count(None, "/"),
        requests,
        "nothing read under an order"
    );
    h.press("o o o").await;
    assert_eq!(titles(&h)[..20], listed[..20], "the server's order again");
}

/// A search that finds nothing says so and how to search again.
#[tokio::test]
async fn a_search_that_finds_nothing_says_what_to_do() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Char('S')).await;
    h.type_text("nosuchword").await;
    h.key(KeyCode::Enter).await;
    h.pump_until("the answer", |a| a.shared.in_flight() == 0)
        .await;
    let screen = h.render(80, 24);
    assert!(
        screen.contains("The server found nothing for this query. S searches again from here"),
        "{screen}"
    );
}

/// While a search is typed the keywords of what is searched show under it, and Tab
/// completes the one a word begins.
#[tokio::test]
async fn tab_completes_a_keyword_the_prompt_lists() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Char('S')).await;
    let screen = h.render(80, 24);
    assert!(
        screen.contains("Keywords (Tab completes): from: subject: received:"),
        "{screen}"
    );
    h.type_text("invoice rec").await;
    h.press("Tab").await;
    h.type_text("yesterday fr").await;
    h.press("Tab").await;
    h.type_text("lee").await;
    let b = h.app.find::<BrowsePage>().unwrap();
    assert_eq!(b.query.value(), "invoice received:yesterday from:lee");
    // A word that begins no keyword (or two) is left as typed.
    h.type_text(" s").await;
    h.press("Tab").await;
    let b = h.app.find::<BrowsePage>().unwrap();
    assert!(
        b.searching && b.query.value().ends_with(" s"),
        "{}",
        b.query.value()
    );
    snap("search_keywords", &mut h);
}

/// A long item scrolls in its view with PgDn and PgUp (↓ and ↑ go to the next and previous
/// item); the next item starts at its top.
#[tokio::test]
async fn a_long_item_scrolls_in_its_view() {
    let mut h = Harness::demo().await;
    adele_folders(&mut h).await;
    h.key(KeyCode::Enter).await; // Inbox
    loaded(&mut h).await;
    h.key(KeyCode::Enter).await;
    h.pump_until("the item", |a| read_in(a).is_some()).await;
    // On to a mail with recipients in copy and an attachment: longer than 60x20 shows.
    for _ in 0..12 {
        if h.render(60, 20).contains("more line") {
            break;
        }
        h.press("j").await;
        h.pump_until("the next item", |a| read_in(a).is_some())
            .await;
    }
    let top = h.render(60, 20);
    assert!(
        top.contains("more line") && top.contains("(PgDn scrolls)"),
        "{top}"
    );
    h.key(KeyCode::PageDown).await;
    let down = h.render(60, 20);
    assert!(down.contains("↑ ") && down != top, "{down}");
    h.key(KeyCode::PageUp).await;
    assert_eq!(h.render(60, 20), top);
    h.key(KeyCode::PageDown).await;
    h.press("j").await;
    assert_eq!(h.app.find::<BrowsePage>().unwrap().details_scroll, 0);
}
