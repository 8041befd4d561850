//! The contents of a restore session: a virtualized list that shows only the rows in view
//! and a loading row where a page is still on its way.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::api::{Listing, SearchScope, TeamsKind};
use crate::app::keymap::{Intent, Table, key_in};
use crate::app::pages::browse::BrowsePage;
use crate::app::shared::Shared;
use crate::clock::Clock;
use crate::ui::theme::Theme;
use crate::ui::widgets::rows::cut;
use crate::units::thousands;

/// The column headers of a listing: what names a row, and its address.
fn columns(listing: &Listing) -> (&'static str, &'static str) {
    match listing {
        Listing::Mailboxes => ("Mailbox", "E-mail"),
        Listing::OneDrives => ("OneDrive", "URL"),
        Listing::Sites { .. } => ("Site", "URL"),
        Listing::Teams { .. } => ("Team", "E-mail"),
        Listing::MailboxFolders { .. } => ("Folder", "Description"),
        Listing::Search { scope, .. } if scope.is_drive() => ("Name", "Modified by"),
        Listing::Search {
            scope: SearchScope::Teams { kind, .. },
            ..
        } => match kind {
            TeamsKind::Posts => ("Subject", "Author"),
            TeamsKind::Files => ("Name", "Modified by"),
            TeamsKind::Tabs => ("Tab", "Content"),
        },
        Listing::MailboxItems { .. } | Listing::Search { .. } => ("Subject", "From"),
        Listing::Documents { store, .. } if store.is_list() => ("Title", "Modified by"),
        Listing::Folders { .. } | Listing::Documents { .. } | Listing::Versions { .. } => {
            ("Name", "Modified by")
        }
        Listing::SiteParts { .. } => ("In this site", ""),
        Listing::ChannelParts { .. } => ("In this channel", ""),
        Listing::ChannelFiles { .. } | Listing::TeamFileVersions { .. } => ("Name", "Modified by"),
        Listing::Tabs { .. } => ("Tab", "Content"),
        Listing::Attachments { .. } => ("Attachment", ""),
        Listing::Libraries { .. } => ("Library", "URL"),
        Listing::Lists { .. } => ("List", "URL"),
        Listing::Channels { .. } => ("Channel", ""),
        Listing::Posts { .. } => ("Subject", "Author"),
    }
}

fn what(listing: &Listing) -> &'static str {
    match listing {
        Listing::Mailboxes => "Mailboxes",
        Listing::OneDrives => "OneDrives",
        Listing::Sites { .. } => "Sites",
        Listing::Teams { .. } => "Teams",
        Listing::MailboxFolders { .. } => "Folders",
        Listing::MailboxItems { .. } => "Items",
        Listing::Search { .. } => "Found",
        Listing::Folders { .. } => "Folders",
        Listing::Documents { store, .. } if store.is_list() => "List items",
        Listing::Documents { .. } => "Files",
        Listing::Versions { .. } => "Versions",
        Listing::SiteParts { .. } => "Site",
        Listing::ChannelParts { .. } => "Channel",
        Listing::ChannelFiles { .. } => "Files",
        Listing::Tabs { .. } => "Tabs",
        Listing::Attachments { .. } => "Attachments",
        Listing::TeamFileVersions { .. } => "Versions",
        Listing::Libraries { .. } => "Document libraries",
        Listing::Lists { .. } => "Lists",
        Listing::Channels { .. } => "Channels",
        Listing::Posts { .. } => "Posts",
    }
}


/// What the header says about how much is loaded and, with a filter, how much matched.
fn counts(b: &BrowsePage) -> String {
    let l = &b.list;
    if let Some(p) = l.filter_progress() {
        let of = match p.total {
            Some(t) if p.complete => format!("all {}", thousands(t)),
            Some(t) => format!("{} of {} loaded", thousands(p.loaded), thousands(t)),
            None => format!("{} loaded, searching the rest", thousands(p.loaded)),
        };
        let m = if p.matches == 1 { "match" } else { "matches" };
        return format!("  {} {m} among {of}", thousands(p.matches));
    }
    if l.seeking_end() {
        return format!("  {} loaded, finding the end…", thousands(l.loaded()));
    }
    match l.total() {
        Some(n) => format!("  {} of {} loaded", thousands(l.loaded()), thousands(n)),
        None => format!("  {} loaded, more on the server", thousands(l.loaded())),
    }
}

pub fn draw(frame: &mut Frame, area: Rect, b: &BrowsePage, shared: &Shared, _focused: bool) {
    let clock = &shared.clock;
    let t = Theme::current();
    let area = super::inner(area);
    let mut title = Vec::new();
    // Where this level is: mailbox › folder › subfolder.
    // A search being typed leads the line: what is typed must show on a narrow terminal.
    if b.searching {
        title.push(Span::styled(
            format!("Search {}: {}▏  ", b.search_scope_words(), b.query.value()),
            t.key(),
        ));
    }
    if !b.path.is_empty() {
        title.push(Span::styled(format!("{} › ", b.path.join(" › ")), t.key()));
    }
    title.push(Span::styled(what(&b.listing), t.title()));
    // An order other than the server's says which, and that it covers what is loaded.
    if b.list.ordered() {
        let (name, detail) = columns(&b.listing);
        title.push(Span::styled(
            format!(" {} (of what is loaded)", b.order.words(name, detail)),
            t.key(),
        ));
    }
    if b.filtering || !b.filter.value().is_empty() {
        title.push(Span::styled(
            format!(
                "  filter: {}{}",
                b.filter.value(),
                if b.filtering { "▏" } else { "" }
            ),
            t.key(),
        ));
    }
    if !b.marked.is_empty() {
        title.push(Span::styled(
            format!("  {} selected", b.marked.len()),
            t.key(),
        ));
    }
    if matches!(
        b.listing,
        Listing::MailboxItems { .. }
            | Listing::Search { .. }
            | Listing::Documents { .. }
            | Listing::Versions { .. }
            | Listing::ChannelFiles { .. }
            | Listing::TeamFileVersions { .. }
            | Listing::Posts { .. }
    ) {
        title.push(Span::styled(
            format!(" (times in {})", clock.zone()),
            t.dim(),
        ));
    }
    title.push(Span::styled(counts(b), t.dim()));
    let body = super::list_frame(frame, area, Line::from(title));
    // Under the prompt: a refused query's reason, where the query is fixed; else the
    // keywords the server takes for what is searched.
    if b.searching {
        let line = match b.search_error.as_deref() {
            Some(e) => Line::styled(format!("✗ {e}"), t.error()),
            None => Line::styled(
                format!(
                    "Keywords (Tab completes): {}",
                    b.search_shortcuts()
                        .iter()
                        .map(|s| format!("{s}:"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                t.dim(),
            ),
        };
        super::title_row(frame, Rect { y: area.y + 1, ..area }, line);
    }
    let list = &b.list;
    if super::list_error(frame, body, list.error()) {
        return;
    }
    if b.details {
        if let Some(it) = list.selected_row() {
            let flags = it.flags();
            let read = matches!(b.item, Some(Ok(_)));
            let mut lines = vec![
                Line::styled(it.title().to_string(), t.title()),
                Line::raw(""),
                field(
                    "Id",
                    match it {
                        crate::api::Row::Post(p) => format!("post {}", p.post_id),
                        _ => it.id().to_string(),
                    },
                    t,
                ),
                field(
                    match it {
                        crate::api::Row::Item(_) => "From",
                        crate::api::Row::Drive(_) => "Changed by",
                        crate::api::Row::Post(_) => "Author",
                        _ => "Address",
                    },
                    it.detail().to_string(),
                    t,
                ),
            ];
            // The item as read on its own says who it is from itself.
            if read {
                lines.pop();
            }
            if let Some(place) = b.item_place(it) {
                lines.insert(2, field("In", place, t));
            }
            lines.push(field(
                "Flags",
                if flags.is_empty() { "—".into() } else { flags },
                t,
            ));
            if let crate::api::Row::Drive(d) = it {
                lines.extend(drive_lines(d, clock, t));
            }
            if let crate::api::Row::Post(p) = it {
                lines.extend(post_lines(p, clock, t));
            }
            if let crate::api::Row::Item(i) = it {
                match &b.item {
                    Some(Ok(d)) => lines.extend(details_lines(d, clock, t)),
                    Some(Err(e)) => {
                        lines.extend(item_lines(i, clock, t));
                        lines.push(Line::raw(""));
                        lines.push(Line::styled(e.clone(), t.error()));
                    }
                    None => {
                        lines.extend(item_lines(i, clock, t));
                        lines.push(Line::raw(""));
                        lines.push(Line::styled(
                            "Reading the whole item from the server…",
                            t.warning(),
                        ));
                    }
                }
            }
            let (lines, _) = crate::ui::widgets::scroll::wrap(lines, 0, body.width);
            let mut lines = crate::ui::widgets::scroll::from_top(lines, b.details_scroll, body.height as usize, t.dim());
            // ↓ and ↑ go to the next item here: the marker says which key scrolls.
            if let Some(last) = lines.last_mut()
                && last.spans.first().is_some_and(|s| s.content.starts_with("↓ "))
            {
                let key = key_in(Table::BrowseDetails, Intent::PageDown);
                last.spans.push(Span::styled(format!(" ({key} scrolls)"), t.dim()));
            }
            frame.render_widget(Paragraph::new(lines), body);
        }
        return;
    }
    let rows = list.rows();
    if rows == 0 {
        let text = match (list.filter_progress(), &b.listing) {
            (Some(p), _) if !p.complete => "No match yet; still searching…".to_string(),
            (Some(_), _) => "No match.".to_string(),
            // A search that found nothing says so and how to try again.
            (None, Listing::Search { .. }) => format!(
                "The server found nothing for this query. {} searches again from here; {} goes back.",
                key_in(Table::Browse, Intent::ServerSearch),
                key_in(Table::Browse, Intent::Back)
            ),
            (None, _) => "Nothing here.".to_string(),
        };
        frame.render_widget(
            Paragraph::new(Line::styled(text, t.dim())).wrap(Wrap { trim: false }),
            body,
        );
        return;
    }
    let (name, address) = columns(&b.listing);
    // A search of every mailbox says which mailbox each hit is in (v8 items name it).
    let in_mailbox = |it: &crate::api::Row| match it {
        crate::api::Row::Item(i) if i.mailbox_id.is_some() => {
            Some(b.mailbox_of(it).unwrap_or("(not listed)").to_string())
        }
        _ => None,
    };
    let org_wide = matches!(
        b.listing,
        Listing::Search {
            scope: SearchScope::Organization,
            ..
        }
    );
    let body_rows = Rect {
        y: body.y + 1,
        height: body.height.saturating_sub(1),
        ..body
    };
    let height = body_rows.height as u64;
    let selected = list.selected();
    let first = super::first_row(list.first_visible(), selected, height);
    let shown: Vec<Option<&crate::api::Row>> = (first..rows.min(first + height))
        .map(|pos| list.row(pos))
        .collect();
    // The name as wide as the widest shown, up to two fifths of the row; the time and kind
    // in one column at the right, as wide as the widest shown when the addresses leave room,
    // so times line up and the bracket is never cut off.
    let (x0, right) = (body.x, body.x + body.width);
    // Only where the server names the mailboxes (v8): v6 and v7 hits do not.
    let mailbox_w = if org_wide {
        shown
            .iter()
            .flatten()
            .filter_map(|it| in_mailbox(it))
            .map(|m| m.chars().count().max(7))
            .max()
            .map_or(0, |w| w.min((body.width as usize / 6).max(8)))
    } else {
        0
    };
    let title_w = shown
        .iter()
        .flatten()
        .map(|it| it.title().chars().count())
        .max()
        .unwrap_or(0)
        .max(name.chars().count())
        .clamp(12, (body.width as usize * 2 / 5).max(12))
        // With a Mailbox column, the time keeps its hour and minute before the title grows.
        .min(usize::from(body.width).saturating_sub(8 + mailbox_w + 1 + if mailbox_w > 0 { TIME_BLOCK + 6 } else { 12 }).max(12));
    let blocks: Vec<String> = shown
        .iter()
        .map(|it| it.map(|it| block(it, clock)).unwrap_or_default())
        .collect();
    let after_title = usize::from(right.saturating_sub(x0 + 8 + (title_w + mailbox_w) as u16 + 1));
    let detail_need = shown
        .iter()
        .flatten()
        .map(|it| it.detail().chars().count())
        .max()
        .unwrap_or(0);
    let block_w = blocks
        .iter()
        .map(|f| if f.is_empty() { 0 } else { f.chars().count() + 2 })
        .max()
        .unwrap_or(0)
        .min(
            after_title
                .saturating_sub(detail_need.min((after_title / 4).max(8)) + 1)
                // The time itself ("[Thu 12 Nov 02:07…]") before the address's last letters.
                .max(TIME_BLOCK.min(after_title.saturating_sub(6))),
        );
    let block_x = right.saturating_sub(block_w as u16);
    let header = if mailbox_w > 0 {
        format!("{:>7} {name:<title_w$} {:<mailbox_w$} {address}", "#", "Mailbox")
    } else {
        format!("{:>7} {name:<title_w$} {address}", "#")
    };
    frame.render_widget(
        Paragraph::new(Line::styled(header, t.dim())),
        Rect { height: 1, ..body },
    );
    let body = body_rows;
    let buf = frame.buffer_mut();
    for ((y, pos), flags) in (body.y..body.y + body.height).zip(first..rows).zip(&blocks) {
        let index = list.row_index(pos).unwrap_or(pos);
        let style = if pos == selected {
            t.selected()
        } else {
            Style::new()
        };
        // The selection covers the whole row.
        buf.set_style(Rect::new(x0, y, body.width, 1), style);
        // Written cell by cell into the buffer: this list redraws on every key.
        let put = |buf: &mut ratatui::buffer::Buffer, x: u16, text: &str, width: usize, style| {
            let width = width.min(right.saturating_sub(x) as usize);
            buf.set_stringn(x, y, text, width, style).0
        };
        let mark = list.row(pos).is_some_and(|it| b.is_marked(it.id()));
        let number = format!("{:>6}{} ", index + 1, if mark { "●" } else { " " });
        let x = put(buf, x0, &number, 8, if mark { t.key() } else { t.dim() });
        let Some(it) = list.row(pos) else {
            put(buf, x, "loading…", usize::MAX, t.warning());
            continue;
        };
        put(buf, x, &cut(it.title(), title_w), title_w, style);
        let mut x = (x + title_w as u16 + 1).min(right);
        if mailbox_w > 0 {
            let mailbox = in_mailbox(it).unwrap_or_else(|| "—".into());
            put(buf, x, &cut(&mailbox, mailbox_w), mailbox_w, style);
            x = (x + mailbox_w as u16 + 1).min(right);
        }
        // The address gets what the time column leaves; a URL keeps its path.
        let detail_end = if block_w == 0 { right } else { block_x.saturating_sub(1) };
        let room = usize::from(detail_end.saturating_sub(x));
        if room > 0 {
            put(buf, x, &cut(it.detail(), room), room, Style::new());
        }
        if block_w > 2 && !flags.is_empty() {
            let inside = cut(flags, block_w - 2);
            put(buf, block_x, &format!("[{inside}]"), block_w, t.dim());
        }
    }
    one_version_hint(frame, body, b, t);
}

/// The cells a row's time takes in the time column, with its brackets and the `…` of what
/// follows it.
const TIME_BLOCK: usize = 19; // "[Thu 12 Nov 02:07…]"

/// What the time column says of a row: an item's time (received, start or due) or a
/// document's last change, in the zone shown, then its marks.
fn block(it: &crate::api::Row, clock: &Clock) -> String {
    let when = it.when();
    // A deleted item says so first: the mark must survive a cut.
    let flags = match it.flags() {
        f if f.contains("DELETED") => {
            let rest = f.replace("DELETED", "");
            format!("DELETED {}", rest.split_whitespace().collect::<Vec<_>>().join(" "))
                .trim_end()
                .to_string()
        }
        f => f,
    };
    match when {
        // The weekday is what people remember ("last Tuesday"); the day is padded so the
        // times line up.
        Some(w) => format!("{} {flags}", clock.local(w.0).format("%a %e %b %H:%M"))
            .trim_end()
            .to_string(),
        None => flags,
    }
}

/// A session not started with "Show all versions" lists the newest version alone: say so
/// under a lone version, where an operator looks for the older ones.
fn one_version_hint(frame: &mut Frame, body: Rect, b: &BrowsePage, t: &Theme) {
    let versions = matches!(
        b.listing,
        Listing::Versions { .. } | Listing::TeamFileVersions { .. }
    );
    if !versions || b.list.total() != Some(1) || body.height < 3 {
        return;
    }
    let area = Rect {
        y: body.y + 2,
        height: body.height - 2,
        ..body
    };
    let text = "Only one version is listed. A session started with “Show all versions” lists the older ones, if any.";
    frame.render_widget(
        Paragraph::new(Line::styled(text, t.dim())).wrap(Wrap { trim: true }),
        area,
    );
}

/// One labelled line of a details view.
/// `Label  value`: the label column, two spaces wide at least, so a long value wraps under
/// the value (see `scroll::wrap`).
fn field(label: &str, value: String, t: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label:<10}  "), t.dim()),
        Span::raw(value),
    ])
}

/// A post: when it was posted, what it answers, whether it was deleted.
fn post_lines(p: &crate::api::models::Post, clock: &Clock, t: &Theme) -> Vec<Line<'static>> {
    let row = |k: &str, v: String| field(k, v, t);
    let mut lines = Vec::new();
    if let Some(w) = p.created_time {
        lines.push(row(
            "Posted",
            super::local_named(clock, w),
        ));
    }
    if let Some(parent) = p.parent_id {
        lines.push(row("Reply to", format!("post {parent}")));
    }
    if p.is_deleted == Some(true) {
        lines.push(Line::styled(
            "Deleted in Teams; shown because this session shows deleted items.",
            t.warning(),
        ));
    }
    lines
}

/// A OneDrive folder or document: size, version, when it was created and changed, by whom.
fn drive_lines(d: &crate::api::models::DriveItem, clock: &Clock, t: &Theme) -> Vec<Line<'static>> {
    let row = |k: &str, v: String| field(k, v, t);
    let when = |w: Option<crate::api::models::Timestamp>| {
        w.map(|w| super::local_named(clock, w))
            .unwrap_or_else(|| "—".into())
    };
    let mut lines = Vec::new();
    if let Some(size) = d.size_bytes {
        lines.push(row("Size", crate::units::human_bytes(size)));
    }
    if let Some(v) = &d.version {
        lines.push(row("Version", v.clone()));
    }
    lines.push(row("Modified", when(d.modification_time)));
    // Teams files and attachments do not say when or by whom they were created.
    if d.creation_time.is_some() || !d.created_by.is_empty() {
        lines.push(row(
            "Created",
            format!("{} by {}", when(d.creation_time), d.created_by),
        ));
    }
    if !d.is_folder() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Esc, then v lists its versions and s saves it.",
            t.dim(),
        ));
    }
    lines
}

/// An item as read on its own: its times (in this machine's zone), headers and fields, and
/// its attachments.
fn details_lines(d: &crate::api::models::ItemDetails, clock: &Clock, t: &Theme) -> Vec<Line<'static>> {
    let row = |k: &str, v: String| field(k, v, t);
    let mut lines = Vec::new();
    for (k, when) in d.times() {
        lines.push(row(
            k,
            super::local_named(clock, when),
        ));
    }
    for (k, v) in d.fields() {
        lines.push(row(k, v));
    }
    for a in &d.item.attachments {
        let size = a
            .size_bytes
            .map(|b| format!(" ({} KiB)", b.div_ceil(1024)))
            .unwrap_or_default();
        lines.push(row("Attached", format!("{}{size}", a.name)));
    }
    lines
}

/// What an item's details add: when (in this machine's zone), recipients, place, attachments.
fn item_lines(i: &crate::api::models::ExchangeItem, clock: &Clock, t: &Theme) -> Vec<Line<'static>> {
    let row = |k: &str, v: String| field(k, v, t);
    let mut lines = Vec::new();
    if let Some(w) = i.when() {
        lines.push(row(
            "When",
            super::local_named(clock, w),
        ));
    }
    if let Some(to) = &i.to {
        lines.push(row("To", to.clone()));
    }
    if let Some(l) = &i.location {
        lines.push(row("Location", l.clone()));
    }
    for a in &i.attachments {
        let size = a
            .size_bytes
            .map(|b| format!(" ({} KiB)", b.div_ceil(1024)))
            .unwrap_or_default();
        lines.push(row("Attached", format!("{}{size}", a.name)));
    }
    lines
}
