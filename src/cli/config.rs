//! `byline config path | show`: where the config file is, and the values in force. Answered
//! without opening the database; `path` works even when the file is broken, to find it.

use byline_core::config::{ConfigChoice, LoadedConfig};
use byline_tui::config::{TuiConfig, effective};

use super::CliError;
use super::args::ConfigCmd;
use super::output::Out;

pub fn run(cmd: ConfigCmd, choice: &ConfigChoice, json: bool) -> Result<(), CliError> {
    let out = &mut Out::new(json);
    match cmd {
        ConfigCmd::Path => {
            let path = choice.path();
            let exists = path.is_some_and(|p| p.is_file());
            match path {
                Some(p) if exists => out.say(p.display()),
                Some(p) => out.say(format!("{} (not there: byline uses the defaults)", p.display())),
                None => out.say("no config directory (no home directory): byline uses the defaults"),
            }
            out.json(&serde_json::json!({ "path": path, "exists": exists }));
        }
        ConfigCmd::Show => {
            let loaded = LoadedConfig::load(choice)?;
            let tui = TuiConfig::from_loaded(&loaded)?;
            let values = effective(&loaded, &tui, std::env::var_os("NO_COLOR").as_deref());
            let from = match &loaded.path {
                Some(p) => format!("# the values in force: {} over the defaults", p.display()),
                None => "# the values in force: the defaults (no config file)".to_string(),
            };
            let text = toml::to_string(&values).map_err(|e| CliError::Usage(e.to_string()))?;
            out.say(format!("{from}\n\n{text}"));
            out.json(&serde_json::json!({ "path": loaded.path, "config": values }));
        }
    }
    Ok(())
}
