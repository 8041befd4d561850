//! The app: state, actions, commands, the pure `update`, the keymap and the runtime.

pub mod action;
pub mod command;
pub mod forms;
pub mod keymap;
pub mod org_wizard;
pub mod organizations;
pub mod restore;
pub mod runtime;
pub mod state;
pub mod update;
