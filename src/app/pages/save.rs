//! Save: the small form before a download (what, where there is a choice; format, where
//! there is one; PST split size; folder and file name). Enter checks the target, asks before replacing a file, then starts
//! the download as a task and goes back to where it was opened from.

use std::path::PathBuf;

use tui_input::Input;

use crate::api::downloads::PST_SPLIT_RANGE;
use crate::api::{Download, Format, Source};
use crate::app::action::Reply;
use crate::app::forms::{Field, Form, Kind, Navigated};
use crate::app::keymap::{Binding, Intent};
use crate::app::modals::{Modal, Question};
use crate::app::onboarding::expand_home;
use crate::app::pages::{Flow, Open, Page};
use crate::app::shared::{RequestId, Shared};
use crate::app::route_args::{SaveChoice, SaveOffer};
use crate::app::keymap::Table;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveKey {
    What,
    Format,
    Split,
    PartSize,
    Folder,
    Name,
}

const PST_ONLY: &[&str] = &["PST (Outlook data file)"];
const MSG_WORDS: &str = "MSG: one file per item, zipped if several";
const PST_OR_MSG: &[&str] = &["PST (Outlook data file)", MSG_WORDS];
const ZIP_ONLY: &[&str] = &["ZIP (the files in one archive)"];
const FILE_OR_ZIP: &[&str] = &["the document as it is", "ZIP (the document in an archive)"];
const MSG_ONLY: &[&str] = &[MSG_WORDS];

/// The words of the formats offered, in their order.
fn labels(formats: &[Format]) -> &'static [&'static str] {
    match formats {
        [Format::Pst { .. }, Format::Msg] => PST_OR_MSG,
        [Format::Zip] => ZIP_ONLY,
        [Format::File, Format::Zip] => FILE_OR_ZIP,
        [Format::Msg] => MSG_ONLY,
        _ => PST_ONLY,
    }
}
const GB: u64 = 1 << 30;

#[derive(Debug)]
pub struct SavePage {
    pub session_id: String,
    /// What can be saved, in words; the form's What field picks one.
    pub choices: Vec<SaveChoice>,
    formats: Vec<Format>,
    /// The file name the form proposed, replaced while the operator has not changed it.
    proposed: String,
    pub form: Form<SaveKey>,
    /// The check of the target in flight, and the path it checks.
    checking: Option<(RequestId, PathBuf)>,
    /// The path the operator was asked about replacing.
    asked: Option<PathBuf>,
    /// Files this run saves or saved: a proposal does not repeat one of them.
    taken: Vec<PathBuf>,
    /// When the form opened, for proposed file names: `20261123-2115`.
    stamp: String,
}

impl Open for SavePage {
    type Args = Box<SaveOffer>;
    fn open(offer: Box<SaveOffer>, shared: &mut Shared) -> (Self, Flow) {
        let SaveOffer {
            session_id,
            choices,
            format,
        } = *offer;
        let folder = shared.start.download_dir.display().to_string();
        let fields = vec![
            Field::new(SaveKey::What, "What", Kind::Pick(choices.len()), "what to save"),
            Field::new(SaveKey::Format, "Format", Kind::Choice(PST_ONLY), "the kind of file to save"),
            Field::new(
                SaveKey::Split,
                "Split PST",
                Kind::Toggle,
                "parts of at most the size below; they arrive together as a ZIP",
            ),
            Field::new(SaveKey::PartSize, "Part size (GB)", Kind::Text, "1 to 49 GB")
                .with_text("10"),
            Field::new(SaveKey::Folder, "Folder", Kind::Path, "where the file goes (~ is your home)")
                .with_text(&folder),
            Field::new(SaveKey::Name, "File name", Kind::Text, "written under a temporary name until complete"),
        ];
        let mut page = SavePage {
            session_id,
            choices,
            formats: Vec::new(),
            proposed: String::new(),
            form: Form::new(fields),
            checking: None,
            asked: None,
            taken: shared.tasks.newest_first().filter_map(|t| t.path().map(PathBuf::from)).collect(),
            stamp: shared.clock.local_now().format("%Y%m%d-%H%M").to_string(),
        };
        page.sync_what(shared);
        // One mail is most often wanted as the message itself.
        let one_item = matches!(&page.chosen().source, Source::Items { item_ids, .. } if item_ids.len() == 1);
        let format = format.or(one_item.then_some(Format::Msg));
        if let Some(f) = format
            && let Some(i) = page.formats.iter().position(|o| std::mem::discriminant(o) == std::mem::discriminant(&f))
        {
            page.form.get_mut(SaveKey::Format).choice = i;
            page.sync_format();
        }
        (page, Flow::none())
    }
}

/// A file name from what is saved and the time: `Adele_Vance-Inbox-20261123-2115`.
fn file_stem(stem: &str, when: &str) -> String {
    format!("{stem}-{when}")
}

impl Page for SavePage {
    fn title(&self) -> String {
        "Save".into()
    }
    fn bindings(&self, _: &Shared) -> &'static [Binding] {
        Table::Save.bindings()
    }
    fn typing(&self) -> bool {
        self.focused().is_some_and(|k| self.form.get(k).is_text())
    }
    fn input(&mut self) -> Option<&mut Input> {
        let key = self.focused()?;
        let f = self.form.get_mut(key);
        f.error = None;
        f.is_text().then_some(&mut f.input)
    }
    fn on_input(&mut self, _: &mut Shared) -> Flow {
        if self.focused() == Some(SaveKey::PartSize) {
            self.sync_format();
        }
        Flow::none()
    }

    fn on_intent(&mut self, intent: Intent, shared: &mut Shared) -> Flow {
        if let Some(path) = self.asked.take() {
            return match intent {
                Intent::Confirm => self.start(path, true, shared),
                _ => Flow::none(),
            };
        }
        match self.form.navigate(intent, &self.visible()) {
            Navigated::Cycled(SaveKey::What) => self.sync_what(shared),
            Navigated::Cycled(_) => self.sync_format(),
            Navigated::Moved => {}
            Navigated::Ignored => {
                return match intent {
                    Intent::Back => Flow::pop(),
                    Intent::Submit if self.checking.is_none() => self.submit(shared),
                    _ => Flow::unchanged(),
                };
            }
        }
        Flow::none()
    }

    fn on_reply(&mut self, id: RequestId, reply: Reply, shared: &mut Shared) -> Flow {
        let Some((asked, path)) = self.checking.take() else {
            return Flow::unchanged();
        };
        if asked != id {
            self.checking = Some((asked, path));
            return Flow::unchanged();
        }
        match reply {
            Reply::Target(Ok(false)) => self.start(path, false, shared),
            Reply::Target(Ok(true)) => {
                let text = format!(
                    "{} exists in {}. Replace it?",
                    file_name(&path),
                    folder_name(&path)
                );
                self.asked = Some(path);
                Flow::modal(Modal::Confirm(Question {
                    page: 0,
                    title: "Replace file",
                    text,
                    yes: "replace it",
                    no: "keep it (change the name)",
                }))
            }
            Reply::Target(Err(e)) => {
                self.form.get_mut(SaveKey::Folder).error = Some(e);
                let visible = self.visible();
                self.form.focus_on(&visible, SaveKey::Folder);
                Flow::none()
            }
            _ => Flow::unchanged(),
        }
    }
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn folder_name(path: &std::path::Path) -> String {
    path.parent()
        .map(|p| p.display().to_string())
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ".".into())
}

impl SavePage {
    /// What is saved now.
    pub fn chosen(&self) -> &SaveChoice {
        let i = self.form.get(SaveKey::What).choice.min(self.choices.len().saturating_sub(1));
        &self.choices[i]
    }

    /// The download the form describes now.
    pub fn download(&self) -> Download {
        Download {
            session_id: self.session_id.clone(),
            source: self.chosen().source.clone(),
            format: self.format(),
        }
    }

    /// Keys of the fields shown now: what only with a choice, the split only for PST, its
    /// size only when split.
    pub fn visible(&self) -> Vec<SaveKey> {
        let pst = self.format().is_pst();
        let split = self.form.get(SaveKey::Split).on;
        let several = self.choices.len() > 1;
        self.form.visible(|_, k| match k {
            SaveKey::What => several,
            SaveKey::Split => pst,
            SaveKey::PartSize => pst && split,
            _ => true,
        })
    }

    pub fn focused(&self) -> Option<SaveKey> {
        self.visible().get(self.form.focus).copied()
    }

    /// The format the form says now (a part size that does not parse counts as 1 GB until
    /// it is checked on Enter).
    pub fn format(&self) -> Format {
        let chosen = self.formats.get(self.form.get(SaveKey::Format).choice);
        match chosen.copied().unwrap_or(Format::Pst { split_bytes: None }) {
            Format::Pst { .. } if self.form.get(SaveKey::Split).on => Format::Pst {
                split_bytes: Some(self.part_gb().and_then(|g| g.checked_mul(GB)).unwrap_or(GB)),
            },
            f => f,
        }
    }

    fn part_gb(&self) -> Option<u64> {
        self.form.get(SaveKey::PartSize).trimmed().parse().ok()
    }

    /// Another thing to save: the formats it has, and a new proposed name unless the
    /// operator typed one.
    fn sync_what(&mut self, shared: &Shared) {
        let formats = self.chosen().source.formats(shared.version());
        self.formats = formats;
        let labels = labels(&self.formats);
        let format = self.form.get_mut(SaveKey::Format);
        format.kind = Kind::Choice(labels);
        format.choice = format.choice.min(labels.len() - 1);
        let name = self.form.get(SaveKey::Name).value();
        if name.is_empty() || name == self.proposed {
            self.proposed = self.proposal();
            self.form.get_mut(SaveKey::Name).input = Input::new(self.proposed.clone());
        }
        self.sync_format();
    }

    /// The name proposed for what is chosen in the format chosen: a document keeps its own
    /// name; anything else gets what it is, the time and the format's extension.
    fn proposal(&self) -> String {
        let chosen = self.chosen();
        match self.format() {
            Format::File => chosen.stem.clone(),
            format => {
                // "Budget 2026.xlsx" in a ZIP is "Budget 2026-….zip".
                let stem = match chosen.source {
                    Source::Documents { .. } | Source::Version { .. } | Source::TeamFiles { .. } => {
                        std::path::Path::new(&chosen.stem)
                            .file_stem()
                            .map_or(chosen.stem.clone(), |s| s.to_string_lossy().into_owned())
                    }
                    _ => chosen.stem.clone(),
                };
                let name = format!("{}.{}", file_stem(&stem, &self.stamp), format.extension(&chosen.source));
                self.untaken(name)
            }
        }
    }

    /// `name`, or when a download of this run already has that name in the folder, the first
    /// of `name-2`, `name-3`, … that none has (two saves in one minute are not the same file).
    fn untaken(&self, name: String) -> String {
        let folder = PathBuf::from(self.form.get(SaveKey::Folder).value());
        let taken = |n: &str| self.taken.iter().any(|p| *p == folder.join(n));
        if !taken(&name) {
            return name;
        }
        let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
        (2..)
            .map(|i| format!("{stem}-{i}.{ext}"))
            .find(|n| !taken(n))
            .unwrap_or(name)
    }

    /// The name follows the format: the proposal while the operator has not changed it, else
    /// only the extension (`.pst`, `.msg`, `.zip`).
    fn sync_format(&mut self) {
        let format = self.format();
        let name = self.form.get(SaveKey::Name).value().to_string();
        let renamed = if name == self.proposed {
            self.proposed = self.proposal();
            self.proposed.clone()
        } else if format == Format::File {
            name.clone()
        } else {
            let ext = format.extension(&self.chosen().source);
            format!("{}.{ext}", without_format_extension(&name))
        };
        if renamed != name {
            self.form.get_mut(SaveKey::Name).input = Input::new(renamed);
        }
    }

    fn target(&self) -> Result<PathBuf, (SaveKey, String)> {
        if self.format().is_pst()
            && self.form.get(SaveKey::Split).on
            && !self
                .part_gb()
                .and_then(|g| g.checked_mul(GB))
                .is_some_and(|b| PST_SPLIT_RANGE.contains(&b))
        {
            return Err((SaveKey::PartSize, "A whole number of GB from 1 to 49.".into()));
        }
        let folder = self.form.get(SaveKey::Folder).trimmed();
        if folder.is_empty() {
            return Err((SaveKey::Folder, "Name a folder (. is the current one).".into()));
        }
        let name = self.form.get(SaveKey::Name).trimmed();
        if name.is_empty() || name.starts_with('.') || name.contains('/') {
            return Err((
                SaveKey::Name,
                "A file name without / that does not start with a dot.".into(),
            ));
        }
        Ok(expand_home(folder).join(name))
    }

    fn submit(&mut self, shared: &mut Shared) -> Flow {
        self.form.clear_errors();
        self.sync_format();
        match self.target() {
            Ok(path) => {
                let id = shared.task();
                self.checking = Some((id, path.clone()));
                Flow::cmd(crate::app::command::Command::CheckTarget { id, path })
            }
            Err((key, msg)) => {
                self.form.get_mut(key).error = Some(msg);
                let visible = self.visible();
                self.form.focus_on(&visible, key);
                Flow::none()
            }
        }
    }

    /// Starts the download as a task and goes back; the Tasks page follows it.
    fn start(&mut self, path: PathBuf, overwrite: bool, shared: &mut Shared) -> Flow {
        let what = format!("{} as {}", self.chosen().words, self.format_word());
        shared.status.text = Some(format!(
            "Saving {}… {} shows the download.",
            file_name(&path),
            crate::app::keymap::key_for(Intent::Tasks)
        ));
        let cmd = shared.start_download(what, self.download(), path, overwrite);
        let mut flow = Flow::pop();
        flow.commands.push(cmd);
        flow
    }

    fn format_word(&self) -> &'static str {
        match self.format() {
            Format::Pst { split_bytes: None } => "PST",
            Format::Pst { .. } => "PST parts (ZIP)",
            Format::Msg => "MSG",
            Format::File => "a file",
            Format::Zip => "ZIP",
        }
    }
}

/// A typed name without the extension a format gives (`.pst`, `.msg`, `.zip`, in any case).
fn without_format_extension(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, ext))
            if ["pst", "msg", "zip"]
                .iter()
                .any(|e| ext.eq_ignore_ascii_case(e)) =>
        {
            stem
        }
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Source, TrustMode};
    use crate::app::command::Command;
    use crate::jobs::Job;
    use crate::config::Config;

    fn open(source: Source) -> (SavePage, Shared) {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        shared.start.download_dir = "/tmp".into();
        let offer = SaveOffer {
            session_id: "s".into(),
            choices: vec![SaveChoice::new(source, "Adele Vance › Inbox".into(), "Adele Vance-Inbox")],
            format: None,
        };
        let (page, _) = SavePage::open(Box::new(offer), &mut shared);
        (page, shared)
    }

    fn items(n: usize) -> Source {
        Source::Items {
            mailbox_id: "m".into(),
            item_ids: (0..n).map(|i| format!("i{i}")).collect(),
        }
    }

    #[test]
    fn keys_resolve() {
        crate::app::keymap::check_table("save", Table::Save.bindings());
    }

    #[test]
    fn one_mail_is_saved_as_msg_unless_asked_and_the_formats_say_what_they_make() {
        let (one, _) = open(items(1));
        assert_eq!(one.format(), Format::Msg);
        assert!(one.form.get(SaveKey::Name).value().ends_with(".msg"));
        let (two, _) = open(items(2));
        assert_eq!(two.format(), Format::Pst { split_bytes: None });
        assert_eq!(
            labels(&two.formats),
            ["PST (Outlook data file)", "MSG: one file per item, zipped if several"]
        );
    }

    #[test]
    fn a_second_save_in_the_same_minute_is_proposed_another_name() {
        let (first, mut shared) = open(items(1));
        let name = first.form.get(SaveKey::Name).value().to_string();
        let download = Download {
            session_id: "s".into(),
            source: items(1),
            format: Format::Pst { split_bytes: None },
        };
        shared.start_download("Inbox".into(), download, PathBuf::from("/tmp").join(&name), false);
        let offer = SaveOffer {
            session_id: "s".into(),
            choices: vec![SaveChoice::new(items(1), "Adele Vance › Inbox".into(), "Adele Vance-Inbox")],
            format: None,
        };
        let (second, _) = SavePage::open(Box::new(offer), &mut shared);
        let again = second.form.get(SaveKey::Name).value().to_string();
        // Unless the minute turned between the two.
        if again.trim_end_matches("-2.pst") == name.trim_end_matches(".pst") {
            assert!(again.ends_with("-2.pst"), "{again}");
        }
        assert_ne!(again, name);
    }

    #[test]
    fn a_typed_name_changes_its_format_extension_whatever_its_case() {
        assert_eq!(without_format_extension("Report.PST"), "Report");
        assert_eq!(without_format_extension("a.b.Zip"), "a.b");
        assert_eq!(without_format_extension("notes.txt"), "notes.txt");
        assert_eq!(without_format_extension("plain"), "plain");
    }

    #[test]
    fn the_name_follows_the_format_and_split() {
        let (mut p, mut shared) = open(items(2));
        let name = |p: &SavePage| p.form.get(SaveKey::Name).value().to_string();
        assert!(name(&p).starts_with("Adele_Vance-Inbox-2") && name(&p).ends_with(".pst"), "{}", name(&p));
        p.on_intent(Intent::Right, &mut shared);
        assert_eq!(p.format(), Format::Msg);
        assert!(name(&p).ends_with(".zip"), "several MSG files arrive in a ZIP");
        assert_eq!(p.visible().len(), 3, "no split for MSG");
        p.on_intent(Intent::Right, &mut shared);
        p.on_intent(Intent::NextField, &mut shared);
        p.on_intent(Intent::Right, &mut shared);
        assert_eq!(p.format(), Format::Pst { split_bytes: Some(10 * GB) });
        assert!(name(&p).ends_with(".zip"));
    }

    #[test]
    fn choosing_what_changes_the_formats_and_the_proposed_name_but_not_a_typed_one() {
        let mut shared = Shared::new(Config::default(), TrustMode::System);
        let offer = SaveOffer {
            session_id: "s".into(),
            choices: vec![
                SaveChoice::new(items(2), "2 items from Adele Vance › Inbox".into(), "2 items"),
                SaveChoice::new(Source::Organization, "every mailbox".into(), "every mailbox"),
            ],
            format: Some(Format::Msg),
        };
        let (mut p, _) = SavePage::open(Box::new(offer), &mut shared);
        assert_eq!(p.format(), Format::Msg, "opened as asked");
        p.on_intent(Intent::Right, &mut shared);
        assert_eq!(p.download().source, Source::Organization);
        assert_eq!(p.format(), Format::Pst { split_bytes: None }, "no MSG for a whole organization");
        assert!(p.form.get(SaveKey::Name).value().starts_with("every_mailbox-"));
        p.form.get_mut(SaveKey::Name).input = Input::new("mine.pst".into());
        p.on_intent(Intent::Left, &mut shared);
        assert_eq!(p.form.get(SaveKey::Name).value(), "mine.pst");
    }

    #[test]
    fn a_bad_part_size_is_marked_and_nothing_is_checked() {
        let (mut p, mut shared) = open(Source::Organization);
        assert_eq!(p.visible().len(), 4, "nothing else to choose; one format: PST");
        p.form.get_mut(SaveKey::Split).on = true;
        p.form.get_mut(SaveKey::PartSize).input = Input::new("50".into());
        let flow = p.on_intent(Intent::Submit, &mut shared);
        assert!(flow.commands.is_empty());
        assert_eq!(p.focused(), Some(SaveKey::PartSize));
    }

    #[test]
    fn an_existing_file_is_replaced_only_after_a_yes() {
        let (mut p, mut shared) = open(items(2));
        let flow = p.on_intent(Intent::Submit, &mut shared);
        let [Command::CheckTarget { id, path }] = flow.commands.as_slice() else {
            panic!("the target is checked first");
        };
        assert!(path.starts_with("/tmp"));
        let flow = p.on_reply(*id, Reply::Target(Ok(true)), &mut shared);
        assert!(matches!(flow.modal, Some(Modal::Confirm(_))));
        assert!(shared.tasks.is_empty(), "nothing starts before the answer");
        let flow = p.on_intent(Intent::Confirm, &mut shared);
        assert!(matches!(
            flow.commands.as_slice(),
            [Command::Job { job: Job::Download { overwrite: true, .. }, .. }]
        ));
        assert_eq!(shared.tasks.running(), 1);
    }

    #[test]
    fn a_free_name_starts_at_once_and_a_missing_folder_is_said_on_the_folder() {
        let (mut p, mut shared) = open(items(1));
        let flow = p.on_intent(Intent::Submit, &mut shared);
        let [Command::CheckTarget { id, .. }] = flow.commands.as_slice() else {
            panic!("check");
        };
        let flow = p.on_reply(*id, Reply::Target(Err("Folder /nope: not found.".into())), &mut shared);
        assert!(flow.commands.is_empty());
        assert_eq!(p.focused(), Some(SaveKey::Folder));
        let flow = p.on_intent(Intent::Submit, &mut shared);
        let [Command::CheckTarget { id, .. }] = flow.commands.as_slice() else {
            panic!("check again");
        };
        let flow = p.on_reply(*id, Reply::Target(Ok(false)), &mut shared);
        assert!(matches!(flow.commands.as_slice(), [Command::Job { job: Job::Download { overwrite: false, .. }, .. }]));
        assert!(flow.nav.is_some(), "back to where it was opened");
    }
}
