//! Conditions and computed values in dialog files.
//!
//! The expression language is CEL (the `cel` crate). This module is the only
//! place that knows it, so it can be swapped without touching the engine.
//! Any error while evaluating (a variable that was not asked, a value of the
//! wrong type) makes a condition false: the flow never stops on a rule.

use super::value::Value;
use cel::common::ast::{Expr as Ast, LiteralValue, operators};
use std::collections::BTreeSet;
use std::sync::{Arc, LazyLock};

mod shape;
pub use shape::Shape;

static ENV: LazyLock<Arc<cel::Env>> = LazyLock::new(|| Arc::new(cel::Env::stdlib()));

/// Deepest nesting accepted in a dialog expression.
pub const MAX_DEPTH: usize = 32;
/// Longest expression accepted in a dialog file.
pub const MAX_LEN: usize = 2000;

/// A parsed expression with the source it came from.
#[derive(Clone)]
pub struct Expr {
    source: String,
    program: Arc<cel::Program>,
    variables: Vec<String>,
}

impl std::fmt::Debug for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Expr({:?})", self.source)
    }
}

/// The type a variable holds, as far as the validator needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Bool,
    Number,
    Text,
    List,
}

impl Ty {
    pub fn name(self) -> &'static str {
        match self {
            Ty::Bool => "a yes/no",
            Ty::Number => "a number",
            Ty::Text => "a text",
            Ty::List => "a list",
        }
    }
}

impl Expr {
    /// Parses `source`; the error is a one-line explanation.
    pub fn parse(source: &str) -> Result<Expr, String> {
        if source.len() > MAX_LEN {
            return Err(format!(
                "the expression is {} characters long; the limit is {MAX_LEN}",
                source.len()
            ));
        }
        if nesting(source) > MAX_DEPTH {
            return Err(format!(
                "the expression nests deeper than {MAX_DEPTH} levels"
            ));
        }
        let program = cel::Program::compile(source).map_err(|e| {
            e.errors
                .first()
                .map(|e| e.msg.clone())
                .unwrap_or_else(|| "it does not parse".to_owned())
        })?;
        let mut variables = Vec::new();
        free_vars(
            &program.expression().expr,
            &mut BTreeSet::new(),
            &mut variables,
        );
        variables.sort();
        variables.dedup();
        Ok(Expr {
            source: source.to_owned(),
            program: Arc::new(program),
            variables,
        })
    }

    pub fn source(&self) -> &str {
        &self.source
    }

    /// The variables the expression reads (not the ones a macro binds).
    pub fn variables(&self) -> &[String] {
        &self.variables
    }

    pub fn eval(&self, scope: &Scope) -> Result<Value, String> {
        let v = self
            .program
            .execute(&scope.ctx)
            .map_err(|e| e.to_string())?;
        from_cel(&v).ok_or_else(|| "the result is not a plain value".to_owned())
    }

    /// True only when the expression evaluates to true.
    pub fn holds(&self, scope: &Scope) -> bool {
        matches!(self.eval(scope), Ok(Value::Bool(true)))
    }

    /// Comparisons whose two sides are known to be of different kinds, such as
    /// a number compared with a text. `ty` gives the type of a variable.
    pub fn type_mismatches(&self, ty: &dyn Fn(&str) -> Option<Ty>) -> Vec<String> {
        let mut out = Vec::new();
        let mut bound = BTreeSet::new();
        walk(&self.program.expression().expr, ty, &mut bound, &mut out);
        out
    }
}

/// The names an expression reads, leaving out those a macro binds.
fn free_vars(e: &Ast, bound: &mut BTreeSet<String>, out: &mut Vec<String>) {
    match e {
        Ast::Ident(n) if !bound.contains(n) => out.push(n.clone()),
        Ast::Call(c) => {
            if let Some(t) = &c.target {
                free_vars(&t.expr, bound, out);
            }
            for a in &c.args {
                free_vars(&a.expr, bound, out);
            }
        }
        Ast::Select(s) => free_vars(&s.operand.expr, bound, out),
        Ast::List(l) => {
            for a in &l.elements {
                free_vars(&a.expr, bound, out);
            }
        }
        Ast::Comprehension(c) => {
            free_vars(&c.iter_range.expr, bound, out);
            free_vars(&c.accu_init.expr, bound, out);
            let names = [
                Some(c.iter_var.clone()),
                c.iter_var2.clone(),
                Some(c.accu_var.clone()),
            ];
            let added: Vec<String> = names
                .into_iter()
                .flatten()
                .filter(|v| bound.insert(v.clone()))
                .collect();
            free_vars(&c.loop_cond.expr, bound, out);
            free_vars(&c.loop_step.expr, bound, out);
            free_vars(&c.result.expr, bound, out);
            for v in added {
                bound.remove(&v);
            }
        }
        _ => {}
    }
}

fn nesting(source: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for c in source.chars() {
        match c {
            '(' | '[' | '{' => {
                depth += 1;
                max = max.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

fn literal_ty(l: &LiteralValue) -> Option<Ty> {
    match l {
        LiteralValue::Boolean(_) => Some(Ty::Bool),
        LiteralValue::Double(_) | LiteralValue::Int(_) | LiteralValue::UInt(_) => Some(Ty::Number),
        LiteralValue::String(_) => Some(Ty::Text),
        LiteralValue::Null | LiteralValue::Bytes(_) => None,
    }
}

fn infer(e: &Ast, ty: &dyn Fn(&str) -> Option<Ty>, bound: &BTreeSet<String>) -> Option<Ty> {
    match e {
        Ast::Literal(l) => literal_ty(l),
        Ast::Ident(name) if !bound.contains(name) => ty(name),
        Ast::List(_) => Some(Ty::List),
        Ast::Call(c) => match c.func_name.as_str() {
            operators::ADD
            | operators::SUBSTRACT
            | operators::MULTIPLY
            | operators::DIVIDE
            | operators::MODULO
            | operators::NEGATE => Some(Ty::Number),
            "size" | "int" | "double" => Some(Ty::Number),
            operators::LOGICAL_AND
            | operators::LOGICAL_OR
            | operators::LOGICAL_NOT
            | operators::EQUALS
            | operators::NOT_EQUALS
            | operators::LESS
            | operators::LESS_EQUALS
            | operators::GREATER
            | operators::GREATER_EQUALS
            | operators::IN => Some(Ty::Bool),
            _ => None,
        },
        _ => None,
    }
}

fn walk(
    e: &Ast,
    ty: &dyn Fn(&str) -> Option<Ty>,
    bound: &mut BTreeSet<String>,
    out: &mut Vec<String>,
) {
    match e {
        Ast::Call(c) => {
            let cmp = matches!(
                c.func_name.as_str(),
                operators::EQUALS
                    | operators::NOT_EQUALS
                    | operators::LESS
                    | operators::LESS_EQUALS
                    | operators::GREATER
                    | operators::GREATER_EQUALS
            );
            if cmp && c.args.len() == 2 {
                let l = infer(&c.args[0].expr, ty, bound);
                let r = infer(&c.args[1].expr, ty, bound);
                if let (Some(l), Some(r)) = (l, r)
                    && l != r
                {
                    out.push(format!(
                        "`{}` compares {} with {}",
                        describe(&c.args[0].expr),
                        l.name(),
                        r.name()
                    ));
                }
            }
            if c.func_name == operators::IN && c.args.len() == 2 {
                let r = infer(&c.args[1].expr, ty, bound);
                if let Some(r) = r
                    && r != Ty::List
                {
                    out.push(format!(
                        "`in` needs a list on its right, but `{}` is {}",
                        describe(&c.args[1].expr),
                        r.name()
                    ));
                }
            }
            if let Some(t) = &c.target {
                walk(&t.expr, ty, bound, out);
            }
            for a in &c.args {
                walk(&a.expr, ty, bound, out);
            }
        }
        Ast::Comprehension(c) => {
            walk(&c.iter_range.expr, ty, bound, out);
            let fresh = [c.iter_var.clone(), c.accu_var.clone()];
            let added: Vec<String> = fresh
                .into_iter()
                .filter(|v| bound.insert(v.clone()))
                .collect();
            walk(&c.loop_cond.expr, ty, bound, out);
            walk(&c.loop_step.expr, ty, bound, out);
            walk(&c.result.expr, ty, bound, out);
            for v in added {
                bound.remove(&v);
            }
        }
        Ast::List(l) => {
            for a in &l.elements {
                walk(&a.expr, ty, bound, out);
            }
        }
        _ => {}
    }
}

fn describe(e: &Ast) -> String {
    match e {
        Ast::Ident(n) => n.clone(),
        Ast::Literal(LiteralValue::String(s)) => format!("'{}'", s.inner()),
        Ast::Literal(LiteralValue::Int(i)) => i.inner().to_string(),
        _ => "this comparison".to_owned(),
    }
}

fn from_cel(v: &cel::Value) -> Option<Value> {
    Some(match v {
        cel::Value::Null => Value::Null,
        cel::Value::Bool(b) => Value::Bool(*b),
        cel::Value::Int(i) => Value::Int(*i),
        cel::Value::UInt(u) => Value::Int(i64::try_from(*u).ok()?),
        cel::Value::Float(f) => Value::Float(*f),
        cel::Value::String(s) => Value::Text(s.to_string()),
        cel::Value::List(l) => Value::List(
            l.iter()
                .map(|i| match i {
                    cel::Value::String(s) => Some(s.to_string()),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?,
        ),
        _ => return None,
    })
}

/// The variables an expression can see.
pub struct Scope {
    ctx: cel::Context<'static, 'static>,
}

impl Default for Scope {
    fn default() -> Self {
        Scope {
            ctx: cel::Context::with_env(ENV.clone()),
        }
    }
}

impl Scope {
    pub fn new() -> Scope {
        Scope::default()
    }

    pub fn set(&mut self, name: &str, value: &Value) {
        self.ctx.add_variable_from_value(name, value.to_cel());
    }

    pub fn with<'a>(mut self, vars: impl IntoIterator<Item = (&'a str, &'a Value)>) -> Scope {
        for (k, v) in vars {
            self.set(k, v);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(vars: &[(&str, Value)]) -> Scope {
        Scope::new().with(vars.iter().map(|(k, v)| (*k, v)))
    }

    #[test]
    fn missing_variable_is_false() {
        let e = Expr::parse("weeks_postpartum < 6").unwrap();
        assert!(!e.holds(&Scope::new()));
        assert!(e.holds(&scope(&[("weeks_postpartum", Value::Int(3))])));
    }

    #[test]
    fn or_absorbs_a_missing_side() {
        let e = Expr::parse("pain - prev2 >= 2 || pain >= 7").unwrap();
        assert!(e.holds(&scope(&[("pain", Value::Int(8))])));
    }

    #[test]
    fn lists_and_membership() {
        let e = Expr::parse("'running' in goals && size(goals) == 2").unwrap();
        let goals = Value::List(vec!["running".into(), "strength".into()]);
        assert!(e.holds(&scope(&[("goals", goals)])));
    }

    #[test]
    fn float_and_int_compare() {
        let e = Expr::parse("bmi >= 30").unwrap();
        assert!(e.holds(&scope(&[("bmi", Value::Float(30.5))])));
        assert!(!e.holds(&scope(&[("bmi", Value::Null)])));
    }

    #[test]
    fn macros_bind_their_own_names() {
        let e = Expr::parse("caps.all(r, r in ['a', 'b'])").unwrap();
        assert_eq!(e.variables(), ["caps"]);
        assert!(e.holds(&scope(&[("caps", Value::List(vec!["a".into()]))])));
    }

    #[test]
    fn number_compared_with_text_is_reported() {
        let e = Expr::parse("weeks_postpartum == 'six'").unwrap();
        let found = e.type_mismatches(&|n| (n == "weeks_postpartum").then_some(Ty::Number));
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn deep_nesting_is_refused() {
        let src = format!("{}1{}", "(".repeat(40), ")".repeat(40));
        assert!(Expr::parse(&src).is_err());
    }
}
