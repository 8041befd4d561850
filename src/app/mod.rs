//! The app: a stack of pages, a stack of modals, and what they share. `update` (in
//! `dispatch`) is the only place state changes; it does no I/O and returns commands.

pub mod action;
pub mod code_panel;
pub mod command;
mod dispatch;
pub mod forms;
pub mod keymap;
pub mod leaving;
pub mod lists;
pub mod memory;
pub mod modals;
pub mod onboarding;
pub mod pages;
pub mod route_args;
#[doc(hidden)]
pub mod samples;
pub mod server_state;
pub mod shared;
pub mod status;
pub mod tasks;
pub mod typing;

use std::any::Any;
use std::time::Instant;

pub use dispatch::update;

use crate::api::TrustMode;
use crate::config::Config;
use code_panel::CodePanel;
use keymap::Binding;
use modals::Modal;
use pages::{PageState, Route, Screen};
use shared::{PageId, Shared};

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

pub struct App {
    pub shared: Shared,
    /// The pages the operator came through; the last is on screen.
    stack: Vec<(PageId, PageState)>,
    pub modals: Vec<Modal>,
    next_page: PageId,
    /// Where signing out lands (sign-in, or connect).
    sign_out_to: Screen,
    pub should_quit: bool,
    pub dirty: bool,
    pub started: Instant,
    pub first_frame_logged: bool,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Everything, so tests can check that no secret shows in it.
        f.debug_struct("App")
            .field("pages", &self.stack)
            .field("modals", &self.modals)
            .field("shared", &self.shared)
            .finish_non_exhaustive()
    }
}

impl App {
    /// The app on its connect page, with the forms' first values from `shared.start`.
    pub fn new(shared: Shared) -> Self {
        let mut app = App {
            shared,
            stack: Vec::new(),
            modals: Vec::new(),
            next_page: 1,
            sign_out_to: Screen::SignIn,
            should_quit: false,
            dirty: true,
            started: Instant::now(),
            first_frame_logged: false,
        };
        let _ = dispatch::push(&mut app, Route::Connect(()));
        app
    }

    /// An app with default start values (tests, benchmarks).
    pub fn with_config(config: Config, trust: TrustMode) -> Self {
        App::new(Shared::new(config, trust))
    }

    /// Opens a page above the current one, as if navigated to (benchmarks, tests).
    pub fn open(&mut self, route: Route) -> Vec<command::Command> {
        dispatch::push(self, route)
    }

    pub fn screen(&self) -> Screen {
        self.top().screen()
    }

    /// The kinds of the pages on the stack, bottom first.
    pub fn screens(&self) -> Vec<Screen> {
        self.stack.iter().map(|(_, p)| p.screen()).collect()
    }

    pub fn top(&self) -> &PageState {
        &self.stack.last().expect("the stack is never empty").1
    }

    /// The page on top; the app itself before the first page opens.
    pub(crate) fn top_id(&self) -> PageId {
        self.stack.last().map_or(shared::APP, |(id, _)| *id)
    }

    /// The status line: the message of the page on top, if it wrote one.
    pub fn status_message(&self) -> Option<&str> {
        self.shared.status.shown(self.top_id())
    }

    /// The nearest page of type `T` from the top (tests and drawing read pages this way).
    pub fn find<T: Any>(&self) -> Option<&T> {
        self.stack
            .iter()
            .rev()
            .find_map(|(_, p)| (p.page() as &dyn Any).downcast_ref::<T>())
    }

    pub fn find_mut<T: Any>(&mut self) -> Option<&mut T> {
        self.stack
            .iter_mut()
            .rev()
            .find_map(|(_, p)| (p.page_mut() as &mut dyn Any).downcast_mut::<T>())
    }

    pub fn modal(&self) -> Option<&Modal> {
        self.modals.last()
    }

    pub fn too_small(&self) -> bool {
        self.shared.size.0 < MIN_WIDTH || self.shared.size.1 < MIN_HEIGHT
    }

    /// The keys that work now: the top modal's, else the page's.
    pub fn bindings(&self) -> &'static [Binding] {
        if self.too_small() {
            return keymap::table(crate::app::keymap::Table::TooSmall);
        }
        match self.modals.last() {
            Some(m) => m.bindings(),
            None => self.page_bindings(),
        }
    }

    /// The keys of the page itself, under any modal (help lists these).
    pub fn page_bindings(&self) -> &'static [Binding] {
        self.top().page().bindings(&self.shared)
    }

    /// The page's device-code panel, when it shows one.
    pub fn code_panel(&self) -> Option<&CodePanel> {
        self.top().page().code_panel()
    }

    pub fn code_panel_mut(&mut self) -> Option<&mut CodePanel> {
        let (_, page) = self.stack.last_mut().expect("the stack is never empty");
        page.page_mut().code_slot()?.as_mut()
    }

    /// Whether anything on screen moves (the spinner), so the loop needs a timer.
    pub fn animating(&self) -> bool {
        self.shared.in_flight() > 0 || self.counting_down()
    }

    /// A device code's countdown is on screen.
    pub fn counting_down(&self) -> bool {
        self.code_panel().is_some_and(|c| c.counting_down())
    }

    /// The device-code link on screen, for the OSC 8 hyperlink (none under a modal).
    pub fn code_link(&self) -> Option<String> {
        if self.too_small() || !self.modals.is_empty() {
            return None;
        }
        self.code_panel()?.state.pending().map(|p| p.url.clone())
    }
}
