//! Turns rule files into one `RuleSet`: resolves `extends`, merges packs and the project file,
//! compiles regexes and globs once, and reports every problem with `file:line:column`.
//!
//! Order of application: the packs a file extends (depth first, each once), then the file.
//! A `rules:` entry with a `check:` defines a rule (its id must be new); one without a `check:`
//! overrides fields of a rule defined earlier. Reading YAML is `yaml`'s job; evaluating the
//! compiled rules is `check`'s.

use super::budget::{Budget, Refusal};
use super::check::{Check, Field, MetricNeeds, quoted};
use super::evidence::STATEMENT_WORDS;
use super::exempt::Exemptions;
use super::lazy::Globs;
use super::pattern::{self, Pattern};
use super::placeholder::scaffold::Kinds as Scaffolding;
use super::reference::Tracker;
use super::schema::{
    CheckSpec, ExampleSpec, ExemptSpec, FileSpec, Pos, RuleEntry, RuleSpec, ScaffoldingSpec,
    TrackersSpec, WhenSpec,
};
use super::yaml::{self, Spanned, pos_of};
use super::{Condition, Example, Examples, Rule, RuleSet, Vocabulary, packs};
use crate::error::{ConfigProblem, Error, Result};
use crate::finding::Level;
use crate::parse::markdown::normalize_heading;
use crate::subject::SubjectKind;
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use std::collections::HashMap;
use std::sync::Arc;

/// The project's own rule file, already read from disk.
#[derive(Debug, Clone)]
pub struct ProjectFile<'a> {
    /// How to name it in messages (a path relative to the working directory, usually).
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// Builds the rule set from the built-in packs and, when given, the project file. The packs'
/// rules come without their `examples:` (see `build_with_examples`).
pub fn build(project: Option<ProjectFile<'_>>) -> Result<RuleSet> {
    build_from(project, packs::Detail::Lean)
}

/// `build`, with every rule's examples, the packs' too: for `whylint rules`, which shows and
/// runs them.
pub fn build_with_examples(project: Option<ProjectFile<'_>>) -> Result<RuleSet> {
    build_from(project, packs::Detail::Full)
}

fn build_from(project: Option<ProjectFile<'_>>, detail: packs::Detail) -> Result<RuleSet> {
    let text = project.as_ref().map(|file| (file.name, file.text));
    build_unclamped(project, detail).map_err(|error| match (error, text) {
        // A value at the very end of the file has its position just past it; point into it.
        (Error::Config(mut problems), Some((name, text))) => {
            for problem in problems.iter_mut().filter(|p| p.file == name) {
                yaml::point_into(text, problem);
            }
            Error::Config(problems)
        }
        (error, _) => error,
    })
}

fn build_unclamped(project: Option<ProjectFile<'_>>, detail: packs::Detail) -> Result<RuleSet> {
    let mut builder = Builder {
        detail,
        ..Builder::default()
    };
    let mut order: Vec<(String, FileSpec)> = Vec::new();
    builder.project_file = project.as_ref().map(|file| file.name.to_owned());
    match project {
        Some(file) => {
            let (mut spec, problems) = yaml::read_file(file.name, file.text);
            builder.problems.extend(problems);
            let extends = spec
                .extends
                .take()
                .unwrap_or_else(|| vec![yaml::unspanned("default".to_owned())]);
            builder.resolve_packs(file.name, &extends, &mut Vec::new(), &mut order);
            order.push((file.name.to_owned(), spec));
        }
        None => {
            let default = vec![yaml::unspanned("default".to_owned())];
            builder.resolve_packs("<built-in>", &default, &mut Vec::new(), &mut order);
        }
    }
    for (file, spec) in order {
        // Every entry but the project's own file is a built-in pack.
        builder.built_in = builder.project_file.as_deref() != Some(file.as_str());
        builder.apply(&file, spec);
    }
    builder.finish()
}

/// Compiles one pack alone (used by tests that check each pack in isolation).
pub fn build_pack(name: &str) -> Result<RuleSet> {
    let text = format!("extends: [{name}]\n");
    build_with_examples(Some(ProjectFile {
        name: "<pack>",
        text: &text,
    }))
}

#[derive(Default)]
struct Builder {
    rules: Vec<Rule>,
    index: HashMap<String, usize>,
    vocabulary: Vocabulary,
    exemptions: Option<Exemptions>,
    problems: Vec<ConfigProblem>,
    sources: Vec<String>,
    /// Section names used by checks, validated once every file has declared its sections.
    section_uses: Vec<(String, ConfigProblem)>,
    /// Kind names used by rules, validated once every file has declared its kinds.
    kind_uses: Vec<(String, ConfigProblem)>,
    loaded_packs: Vec<String>,
    project_file: Option<String>,
    /// The file being applied is a built-in pack: its patterns are compiled on first use.
    built_in: bool,
    /// Whether the packs' examples are read.
    detail: packs::Detail,
    /// What the project's own patterns have cost so far.
    budget: Budget,
    /// A `vocabulary:` edited the word lists, so their lookups are rebuilt at the end.
    words_edited: bool,
}

impl Builder {
    fn problem(&mut self, file: &str, at: Pos, message: String) {
        self.problems.push(yaml::problem(file, at, message));
    }

    /// Depth-first: a pack's own `extends` come before it; each pack once; cycles reported.
    fn resolve_packs(
        &mut self,
        from: &str,
        names: &[Spanned<String>],
        stack: &mut Vec<String>,
        order: &mut Vec<(String, FileSpec)>,
    ) {
        for name in names {
            let name_str = name.as_str();
            if stack.iter().any(|s| s == name_str) {
                let chain = stack.join(" → ");
                self.problem(from, pos_of(name), format!("pack `{name_str}` extends itself ({chain} → {name_str}); remove one of the `extends`"));
                continue;
            }
            if self.loaded_packs.iter().any(|p| p == name_str) {
                continue;
            }
            let Some(text) = packs::get(name_str) else {
                let known = packs::names().join(", ");
                let hint = suggest(name_str, packs::names().into_iter());
                self.problem(
                    from,
                    pos_of(name),
                    format!("unknown pack `{name_str}`{hint}; built-in packs: {known}"),
                );
                continue;
            };
            let file = packs::file_name(name_str);
            let (mut spec, problems) = match packs::parsed(name_str, self.detail) {
                Some(root) => yaml::read_node(&file, root),
                None => yaml::read_file(&file, text),
            };
            self.problems.extend(problems);
            self.loaded_packs.push(name_str.to_owned());
            stack.push(name_str.to_owned());
            if let Some(inner) = spec.extends.take() {
                self.resolve_packs(&file, &inner, stack, order);
            }
            stack.pop();
            order.push((file, spec));
        }
    }

    fn apply(&mut self, file: &str, spec: FileSpec) {
        self.sources.push(file.to_owned());
        for (name, aliases) in spec.sections {
            let entry = self.vocabulary.sections.entry(name.clone()).or_default();
            for alias in aliases.iter().chain(std::iter::once(&name)) {
                let alias = normalize_heading(alias);
                if !alias.is_empty() && !entry.contains(&alias) {
                    entry.push(alias);
                }
            }
        }
        for pattern in &spec.placeholders {
            if let Some(regex) = self.regex(file, pattern) {
                self.vocabulary.placeholders.push(regex);
            }
        }
        if let Some(trackers) = spec.trackers {
            self.apply_trackers(file, trackers);
        }
        if let Some(exempt) = spec.exempt {
            self.apply_exempt(file, exempt);
        }
        for (name, kind) in spec.kinds {
            let branches = self.vocabulary.kinds.entry(&name).branches.take();
            let branches = self.extend_globs(file, branches, &kind.branches);
            let def = self.vocabulary.kinds.entry(&name);
            def.branches = branches;
            def.types
                .extend(kind.types.iter().map(|t| t.to_ascii_lowercase()));
            def.labels.extend(kind.labels);
        }
        if let Some(own) = spec.self_references {
            self.apply_self_references(file, own);
        }
        if !spec.vocabulary.is_empty() {
            super::vocabulary::apply(Arc::make_mut(&mut self.vocabulary.words), &spec.vocabulary);
            self.words_edited = true;
        }
        for entry in spec.rules {
            self.apply_rule(file, entry);
        }
    }

    /// `self-references:` adds to the forms of the files before it.
    fn apply_self_references(&mut self, file: &str, spec: super::selfref::SelfRefSpec) {
        let own = &mut self.vocabulary.self_refs;
        for key in spec.trailers {
            let key = key.trim().to_ascii_lowercase();
            if !key.is_empty() && !own.trailers.contains(&key) {
                own.trailers.push(key);
            }
        }
        let forms = spec.subject.iter().map(|f| (f, true));
        for (written, subject_only) in forms.chain(spec.lines.iter().map(|f| (f, false))) {
            match super::selfref::Form::parse(written.as_str()) {
                Ok(form) => {
                    let own = &mut self.vocabulary.self_refs;
                    let list = if subject_only {
                        &mut own.subject
                    } else {
                        &mut own.lines
                    };
                    if !list.contains(&form) {
                        list.push(form);
                    }
                }
                Err(why) => self.problem(file, pos_of(written), why),
            }
        }
    }

    fn apply_trackers(&mut self, file: &str, trackers: TrackersSpec) {
        if let Some(jira) = trackers.jira {
            let mut projects = Vec::new();
            for project in &jira.projects {
                let key = project.as_str();
                let valid = key.len() >= 2
                    && key.starts_with(|c: char| c.is_ascii_uppercase())
                    && key
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                if valid {
                    projects.push(key.to_owned());
                } else {
                    self.problem(file, pos_of(project), format!("`{key}` is not a Jira project key; keys are 2+ uppercase letters or digits, starting with a letter (e.g. `PAY`)"));
                }
            }
            self.vocabulary.trackers.key_projects = projects;
        }
        for url in &trackers.urls {
            if let Some(regex) = self.regex(file, url) {
                self.vocabulary.trackers.url_patterns.push(regex);
            }
        }
        self.vocabulary
            .trackers
            .deny_prefixes
            .extend(trackers.deny_prefixes);
    }

    fn apply_exempt(&mut self, file: &str, spec: ExemptSpec) {
        let mut exemptions = self.exemptions.take().unwrap_or_default();
        if let Some(merges) = spec.merges {
            exemptions.merges = merges;
        }
        if let Some(reverts) = spec.reverts {
            exemptions.reverts = reverts;
        }
        if let Some(autosquash) = spec.autosquash {
            exemptions.autosquash = autosquash;
        }
        if let Some(github_apps) = spec.github_apps {
            exemptions.github_apps = github_apps;
        }
        for release in spec.releases.iter().flatten() {
            // A project's own is compiled now, so an error points at it; the packs' are not.
            if self.built_in || self.regex(file, release).is_some() {
                exemptions.releases.push(release.as_str());
            }
        }
        for bot in spec.bots.unwrap_or_default() {
            let bot = bot.to_lowercase();
            if !bot.is_empty() && !exemptions.bots.contains(&bot) {
                exemptions.bots.push(bot);
            }
        }
        for label in spec.labels.unwrap_or_default() {
            if !exemptions
                .labels
                .iter()
                .any(|l| l.eq_ignore_ascii_case(&label))
            {
                exemptions.labels.push(label);
            }
        }
        if let Some(branches) = spec.branches {
            exemptions.branches = self.extend_globs(file, exemptions.branches.take(), &branches);
        }
        if let Some(paths) = spec.paths {
            exemptions.paths = self.extend_globs(file, exemptions.paths.take(), &paths);
        }
        if let Some(trailer) = spec.skip_trailer {
            exemptions.skip_trailer = trailer;
        }
        self.exemptions = Some(exemptions);
    }

    fn extend_globs(
        &mut self,
        file: &str,
        current: Option<Globs>,
        added: &[Spanned<String>],
    ) -> Option<Globs> {
        let mut globs = current.unwrap_or_default();
        for pattern in added {
            if self.glob(file, pattern).is_some() {
                globs.push(pattern.as_str());
            }
        }
        Some(globs)
    }

    fn apply_rule(&mut self, file: &str, entry: RuleEntry) {
        let RuleEntry { id, id_at, spec } = entry;
        let place = format!("{file}:{}:{}", id_at.line, id_at.column);
        if spec.check.is_some() {
            if let Some(&existing) = self.index.get(&id) {
                let first = self.rules[existing].origin.clone();
                self.problem(file, id_at, format!("duplicate rule id `{id}`: already defined at {first}; give this rule another id, or drop its `check:` to override the existing one"));
                return;
            }
            if !is_kebab_case(&id) {
                self.problem(file, id_at, format!("rule id `{id}` must be kebab-case (lowercase words joined by `-`, e.g. `ticket-in-subject`)"));
            }
            if let Some(rule) = self.define(file, &id, id_at, place, spec) {
                self.index.insert(id, self.rules.len());
                self.rules.push(rule);
            }
        } else {
            match self.index.get(&id).copied() {
                Some(existing) => self.override_rule(file, existing, place, spec),
                None => {
                    let hint = suggest(&id, self.rules.iter().map(|r| r.id.as_str()));
                    self.problem(file, id_at, format!("no rule `{id}` to override{hint}; to define a new rule, give it a `check:` (see `whylint rules`)"));
                }
            }
        }
    }

    fn define(
        &mut self,
        file: &str,
        id: &str,
        id_at: Pos,
        origin: String,
        spec: RuleSpec,
    ) -> Option<Rule> {
        let mut missing = Vec::new();
        for (key, value) in [
            ("summary", &spec.summary),
            ("question", &spec.question),
            ("help", &spec.help),
        ] {
            if value.as_deref().is_none_or(|v| v.trim().is_empty()) {
                missing.push(format!("`{key}:`"));
            }
        }
        if !missing.is_empty() {
            self.problem(file, id_at, format!("rule `{id}` needs {} (every rule says what it wants, the question it asks, and how to fix a finding)", missing.join(", ")));
        }
        let check = spec.check.as_ref().and_then(|c| self.check(file, c));
        let level = match &spec.level {
            Some(level) => self.level(file, level)?,
            None => Level::Error,
        };
        let on = match &spec.on {
            Some(on) => self.kinds(file, on),
            None => SubjectKind::ALL.to_vec(),
        };
        let when = spec.when.as_ref().and_then(|w| self.condition(file, w));
        let levels = spec
            .levels
            .as_ref()
            .map(|l| self.levels(file, l))
            .unwrap_or_default();
        let examples = spec
            .examples
            .as_ref()
            .map(|e| self.examples(&on, e))
            .unwrap_or_default();
        Some(Rule {
            id: id.to_owned(),
            level,
            on,
            summary: spec.summary.unwrap_or_default().trim().to_owned(),
            question: spec.question.unwrap_or_default().trim().to_owned(),
            help: spec.help.unwrap_or_default().trim().to_owned(),
            example: spec.example.unwrap_or_default().trim_end().to_owned(),
            when,
            levels,
            check: check?,
            examples,
            origin,
            overrides: Vec::new(),
        })
    }

    fn override_rule(&mut self, file: &str, index: usize, place: String, spec: RuleSpec) {
        let level = spec.level.as_ref().and_then(|l| self.level(file, l));
        let on = spec.on.as_ref().map(|on| self.kinds(file, on));
        let when = spec.when.as_ref().map(|w| self.condition(file, w));
        let levels = spec.levels.as_ref().map(|l| self.levels(file, l));
        let examples = spec.examples.as_ref().map(|e| {
            let kinds = on.clone().unwrap_or_else(|| self.rules[index].on.clone());
            self.examples(&kinds, e)
        });
        let rule = &mut self.rules[index];
        if let Some(level) = level {
            rule.level = level;
        }
        if let Some(on) = on {
            rule.on = on;
        }
        if let Some(when) = when {
            rule.when = when;
        }
        if let Some(levels) = levels {
            rule.levels = levels;
        }
        if let Some(examples) = examples {
            rule.examples = examples;
        }
        for (field, value) in [
            (&mut rule.summary, spec.summary),
            (&mut rule.question, spec.question),
            (&mut rule.help, spec.help),
            (&mut rule.example, spec.example),
        ] {
            if let Some(value) = value {
                *field = value.trim().to_owned();
            }
        }
        rule.overrides.push(place);
    }

    fn level(&mut self, file: &str, level: &Spanned<String>) -> Option<Level> {
        let parsed = Level::from_name(level.as_str());
        if parsed.is_none() {
            self.problem(
                file,
                pos_of(level),
                format!(
                    "unknown level `{}`; use `error`, `warning`, `info` or `off`",
                    level.as_str()
                ),
            );
        }
        parsed
    }

    /// `levels:` of a rule: kind of change → level.
    fn levels(
        &mut self,
        file: &str,
        spec: &HashMap<Spanned<String>, Spanned<String>>,
    ) -> Vec<(String, Level)> {
        let mut levels = Vec::new();
        for (kind, level) in spec {
            let kind = self.use_kind(file, kind);
            if let Some(level) = self.level(file, level) {
                levels.push((kind, level));
            }
        }
        levels.sort();
        levels
    }

    /// A kind of change named by a rule, checked against `kinds:` once every file is read.
    fn use_kind(&mut self, file: &str, name: &Spanned<String>) -> String {
        let problem = yaml::problem(file, pos_of(name), String::new());
        self.kind_uses.push((name.as_str().to_owned(), problem));
        name.as_str().to_owned()
    }

    fn kinds(&mut self, file: &str, names: &[Spanned<String>]) -> Vec<SubjectKind> {
        let mut kinds = Vec::new();
        for name in names {
            match SubjectKind::from_name(name.as_str()) {
                Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
                Some(_) => {}
                None => self.problem(
                    file,
                    pos_of(name),
                    format!(
                        "unknown target `{}`; use `commit`, `branch` or `pr`",
                        name.as_str()
                    ),
                ),
            }
        }
        kinds
    }

    fn regex(&mut self, file: &str, pattern: &Spanned<String>) -> Option<Regex> {
        self.compiled(file, pattern)
            .map(|compiled| compiled.regex().clone())
    }

    /// A pattern check's regex: deferred in a built-in pack (see `pattern`), compiled now in
    /// the project's file so that an error points at it.
    fn pattern(&mut self, file: &str, pattern: &Spanned<String>) -> Option<Pattern> {
        if self.built_in {
            return Some(Pattern::deferred(pattern.as_str()));
        }
        self.compiled(file, pattern)
    }

    fn compiled(&mut self, file: &str, pattern: &Spanned<String>) -> Option<Pattern> {
        self.spend(file, pattern, Budget::count_pattern)?;
        match Pattern::compile(pattern.as_str()) {
            Ok(compiled) => {
                if !self.built_in {
                    let size = pattern::compiled_size(pattern.as_str());
                    self.spend(file, pattern, |budget, quoted| {
                        budget.add_size(quoted, size)
                    })?;
                }
                Some(compiled)
            }
            Err(error) => {
                let reason = match error {
                    regex::Error::CompiledTooBig(_) => format!(
                        "it compiles to more than {} KiB; simplify it",
                        pattern::SIZE_LIMIT / 1024
                    ),
                    other => {
                        let text = other.to_string();
                        let last = text.lines().last().unwrap_or("invalid").trim();
                        last.strip_prefix("error: ").unwrap_or(last).to_owned()
                    }
                };
                self.problem(
                    file,
                    pos_of(pattern),
                    format!("invalid regex `{}`: {reason}", pattern.as_str()),
                );
                None
            }
        }
    }

    /// Charges the budget for one of the project's patterns (the packs' are not counted);
    /// `None` when it is refused, reported at the pattern the first time.
    fn spend(
        &mut self,
        file: &str,
        pattern: &Spanned<String>,
        charge: impl FnOnce(&mut Budget, &str) -> Result<(), Refusal>,
    ) -> Option<()> {
        if self.built_in {
            return Some(());
        }
        match charge(&mut self.budget, &quoted(pattern.as_str())) {
            Ok(()) => Some(()),
            Err(Refusal::Exceeded(message)) => {
                self.problem(file, pos_of(pattern), message);
                None
            }
            Err(Refusal::Spent) => None,
        }
    }

    fn glob(&mut self, file: &str, pattern: &Spanned<String>) -> Option<Glob> {
        let chars = pattern.as_str().chars().count();
        self.spend(file, pattern, |budget, quoted| {
            budget.count_glob(quoted, chars)
        })?;
        match Glob::new(pattern.as_str()) {
            Ok(glob) => Some(glob),
            Err(error) => {
                self.problem(
                    file,
                    pos_of(pattern),
                    format!("invalid glob `{}`: {}", pattern.as_str(), error.kind()),
                );
                None
            }
        }
    }

    fn glob_set(&mut self, file: &str, patterns: &[Spanned<String>]) -> Option<GlobSet> {
        let mut set = GlobSetBuilder::new();
        for pattern in patterns {
            set.add(self.glob(file, pattern)?);
        }
        set.build().ok()
    }

    fn use_section(&mut self, file: &str, name: &Spanned<String>) -> String {
        let problem = yaml::problem(file, pos_of(name), String::new());
        self.section_uses.push((name.as_str().to_owned(), problem));
        name.as_str().to_owned()
    }

    fn check(&mut self, file: &str, spec: &CheckSpec) -> Option<Check> {
        let check = match spec {
            CheckSpec::Any(inner) => Check::Any(self.checks(file, inner)?),
            CheckSpec::All(inner) => Check::All(self.checks(file, inner)?),
            CheckSpec::Not(inner) => Check::Not(Box::new(self.check(file, inner)?)),
            CheckSpec::Reference(spec) => {
                let trackers = match &spec.trackers {
                    None => Tracker::ALL.to_vec(),
                    Some(names) => {
                        let mut trackers = Vec::new();
                        for name in names {
                            match Tracker::from_name(name.as_str()) {
                                Some(tracker) => trackers.push(tracker),
                                None => {
                                    let known: Vec<&str> =
                                        Tracker::ALL.iter().map(|t| t.name()).collect();
                                    self.problem(
                                        file,
                                        pos_of(name),
                                        format!(
                                            "unknown tracker `{}`; use one of {}",
                                            name.as_str(),
                                            known.join(", ")
                                        ),
                                    );
                                }
                            }
                        }
                        trackers
                    }
                };
                Check::Reference {
                    trackers,
                    closing: spec.closing,
                    own_text_only: spec.own_text_only,
                }
            }
            CheckSpec::Section(spec) => Check::Section {
                name: self.use_section(file, &spec.name),
                min_words: spec.min_words.unwrap_or(1),
                own_text_only: spec.own_text_only,
            },
            CheckSpec::Metric(spec) => {
                let section = match &spec.section {
                    Some(name) => self.use_section(file, name),
                    None => "metric".to_owned(),
                };
                let needs = match &spec.require {
                    None => MetricNeeds {
                        quantity: true,
                        direction: true,
                        timeframe: false,
                    },
                    Some(parts) => {
                        let mut needs = MetricNeeds::default();
                        for part in parts {
                            match part.as_str() {
                                "quantity" => needs.quantity = true,
                                "direction" => needs.direction = true,
                                "timeframe" => needs.timeframe = true,
                                other => self.problem(file, pos_of(part), format!("unknown metric part `{other}`; use `quantity`, `direction` or `timeframe`")),
                            }
                        }
                        needs
                    }
                };
                let pass_if_absent = match spec.if_absent.as_ref().map(|s| (s.as_str(), pos_of(s)))
                {
                    None | Some(("fail", _)) => false,
                    Some(("pass", _)) => true,
                    Some((other, at)) => {
                        self.problem(
                            file,
                            at,
                            format!("unknown `if-absent: {other}`; use `fail` or `pass`"),
                        );
                        false
                    }
                };
                Check::Metric {
                    section,
                    needs,
                    pass_if_absent,
                    own_text_only: spec.own_text_only,
                }
            }
            CheckSpec::Pattern(spec) => {
                let field = match Field::from_name(spec.field.as_str()) {
                    Some(field) => field,
                    None => {
                        self.problem(file, pos_of(&spec.field), format!("unknown field `{}`; use subject, body, text, branch, author, `trailer:KEY` or `section:NAME`", spec.field.as_str()));
                        return None;
                    }
                };
                if let Field::Section(name) = &field {
                    let spanned = Spanned::new(*spec.field.span(), name.clone());
                    self.use_section(file, &spanned);
                }
                let (pattern, must_match) = match (&spec.matches, &spec.not_matches) {
                    (Some(pattern), None) => (pattern, true),
                    (None, Some(pattern)) => (pattern, false),
                    _ => {
                        self.problem(
                            file,
                            pos_of(&spec.field),
                            "a `pattern:` check needs exactly one of `matches:` or `not-matches:`"
                                .into(),
                        );
                        return None;
                    }
                };
                let regex = self.pattern(file, pattern)?;
                Check::Pattern {
                    field,
                    regex,
                    must_match,
                    message: spec.message.clone(),
                }
            }
            CheckSpec::Filled(spec) => {
                let sections = match &spec.sections {
                    Some(names) => names.iter().map(|n| self.use_section(file, n)).collect(),
                    None => Vec::new(),
                };
                Check::Filled { sections }
            }
            CheckSpec::Statement(spec) => Check::Statement {
                min_words: spec.min_words.unwrap_or(STATEMENT_WORDS),
                own_text_only: spec.own_text_only,
            },
            CheckSpec::Measured(spec) => Check::Measured {
                own_text_only: spec.own_text_only,
            },
            CheckSpec::Scaffolding(spec) => Check::Scaffolding(self.scaffolding(file, spec)),
        };
        Some(check)
    }

    /// The kinds of template text a `scaffolding:` check looks for (all when not said).
    fn scaffolding(&mut self, file: &str, spec: &ScaffoldingSpec) -> Scaffolding {
        let Some(names) = &spec.find else {
            return Scaffolding {
                instructions: true,
                placeholders: true,
                empty_sections: true,
            };
        };
        let mut kinds = Scaffolding::default();
        for name in names {
            match name.as_str() {
                "instructions" => kinds.instructions = true,
                "placeholders" => kinds.placeholders = true,
                "empty-sections" => kinds.empty_sections = true,
                other => self.problem(
                    file,
                    pos_of(name),
                    format!("unknown template text `{other}`; use `instructions`, `placeholders` or `empty-sections`"),
                ),
            }
        }
        kinds
    }

    fn checks(&mut self, file: &str, specs: &[CheckSpec]) -> Option<Vec<Check>> {
        let compiled: Vec<Option<Check>> =
            specs.iter().map(|spec| self.check(file, spec)).collect();
        compiled.into_iter().collect()
    }

    fn condition(&mut self, file: &str, spec: &WhenSpec) -> Option<Condition> {
        let mut all = Vec::new();
        if let Some(on) = &spec.on {
            all.push(Condition::On(self.kinds(file, on)));
        }
        if let Some(types) = &spec.types {
            all.push(Condition::Type(
                types.iter().map(|t| t.to_ascii_lowercase()).collect(),
            ));
        }
        if let Some(kinds) = &spec.kind {
            let kinds = kinds.iter().map(|k| self.use_kind(file, k)).collect();
            all.push(Condition::Kind(kinds));
        }
        if let Some(branches) = &spec.branch {
            all.push(Condition::Branch(self.glob_set(file, branches)?));
        }
        if let Some(authors) = &spec.author {
            all.push(Condition::Author(self.glob_set(file, authors)?));
        }
        if let Some(labels) = &spec.label {
            all.push(Condition::Label(labels.clone()));
        }
        if let Some(subject) = &spec.subject {
            all.push(Condition::Subject(self.regex(file, subject)?));
        }
        if let Some(keys) = &spec.trailer {
            all.push(Condition::Trailer(keys.clone()));
        }
        if let Some(any) = &spec.any {
            let inner: Option<Vec<Condition>> =
                any.iter().map(|w| self.condition(file, w)).collect();
            all.push(Condition::Any(inner?));
        }
        if let Some(not) = &spec.not {
            all.push(Condition::Not(Box::new(self.condition(file, not)?)));
        }
        Some(if all.len() == 1 {
            all.remove(0)
        } else {
            Condition::All(all)
        })
    }

    fn examples(&mut self, on: &[SubjectKind], spec: &super::schema::ExamplesSpec) -> Examples {
        let default_kind = on.first().copied().unwrap_or(SubjectKind::Commit);
        let convert = |example: &ExampleSpec| match example {
            ExampleSpec::Message(text) => Example {
                kind: default_kind,
                title: String::new(),
                text: text.clone(),
                branch: None,
                labels: Vec::new(),
            },
            ExampleSpec::Full(full) => Example {
                kind: full
                    .on
                    .as_deref()
                    .and_then(SubjectKind::from_name)
                    .unwrap_or(default_kind),
                title: full.title.clone().unwrap_or_default(),
                text: full.text.clone(),
                branch: full.branch.clone(),
                labels: full.labels.clone(),
            },
        };
        Examples {
            pass: spec.pass.iter().map(convert).collect(),
            fail: spec.fail.iter().map(convert).collect(),
        }
    }

    /// The rules' questions join the template questions (pasting one back is no answer), the
    /// lookups are rebuilt for the edited lists, and the reference readers get the same words.
    fn finish_words(&mut self) {
        let words = Arc::make_mut(&mut self.vocabulary.words);
        for rule in &self.rules {
            words.add_question(super::placeholder::question_key(&rule.question));
        }
        if self.words_edited {
            words.prepare();
        }
        self.vocabulary.trackers.words = Arc::clone(&self.vocabulary.words);
    }

    fn finish(mut self) -> Result<RuleSet> {
        let declared: Vec<String> = self.vocabulary.sections.keys().cloned().collect();
        for (name, mut problem) in std::mem::take(&mut self.section_uses) {
            if !self.vocabulary.sections.contains_key(&name) {
                let hint = suggest(&name, declared.iter().map(String::as_str));
                problem.message = yaml::tidy(&format!(
                    "unknown section `{name}`{hint}; declare it under `sections:` (declared: {})",
                    declared.join(", ")
                ));
                self.problems.push(problem);
            }
        }
        for (name, mut problem) in std::mem::take(&mut self.kind_uses) {
            let kinds = &self.vocabulary.kinds;
            if !kinds.knows(&name) {
                let hint = suggest(&name, kinds.names().into_iter());
                problem.message = format!(
                    "unknown kind of change `{name}`{hint}; declare it under `kinds:` (known: {})",
                    kinds.names().join(", ")
                );
                self.problems.push(problem);
            }
        }
        if !self.problems.is_empty() {
            // Built-in packs first (in the order applied), then the project file; by position.
            let rank = |file: &str| {
                self.sources
                    .iter()
                    .position(|s| s == file)
                    .unwrap_or(usize::MAX)
            };
            self.problems
                .sort_by_key(|p| (rank(&p.file), p.line, p.column));
            return Err(Error::Config(self.problems));
        }
        self.finish_words();
        Ok(RuleSet {
            rules: self.rules,
            vocabulary: self.vocabulary,
            exemptions: self.exemptions.unwrap_or_default(),
            sources: self.sources,
            project_file: self.project_file,
        })
    }
}

/// `lower-case-words` with digits allowed after the first letter.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// ` (did you mean `x`?)` when a known name is close to `name`.
pub fn suggest<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> String {
    known
        .map(|candidate| (strsim::damerau_levenshtein(name, candidate), candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| format!(" (did you mean `{candidate}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by `fuzz/` (target `config`): a section name left empty at the very end of the file
    /// was reported on the line after it.
    #[test]
    fn fuzz_unknown_section_at_end_of_file_points_into_the_file() {
        let text = "rules:\n  - id: x\n    summary: s\n    question: q\n    help: h\n    check:\n      section:\n        name:";
        let Err(Error::Config(problems)) = build(Some(ProjectFile {
            name: "f.yml",
            text,
        })) else {
            panic!("an empty section name must be a problem");
        };
        let at: Vec<(usize, usize)> = problems.iter().map(|p| (p.line, p.column)).collect();
        assert_eq!(at, [(8, 14)], "{problems:?}");
    }
}
