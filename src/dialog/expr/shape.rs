//! An expression's structure without the CEL types, for reading it in words.

use super::Expr;
use cel::common::ast::{Expr as Ast, LiteralValue, operators};

/// An expression's structure without the CEL types, for describing it in
/// words (`restride graph`). Macros come back as the calls they were written
/// as; anything else not listed is [`Shape::Other`], as CEL text.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Var(String),
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    List(Vec<Shape>),
    Not(Box<Shape>),
    /// A binary operator as written: `&&`, `||`, `==`, `!=`, `<`, `<=`, `>`,
    /// `>=`, `in`, `+`, `-`, `*`, `/`, `%`.
    Binary(&'static str, Box<Shape>, Box<Shape>),
    /// A function such as `size(x)` or `double(x)`.
    Call(String, Vec<Shape>),
    /// `list.exists(v, cond)` or `list.all(v, cond)`.
    Each {
        all: bool,
        list: Box<Shape>,
        var: String,
        cond: Box<Shape>,
    },
    /// `c ? a : b`
    Choose(Box<Shape>, Box<Shape>, Box<Shape>),
    Other(String),
}

const BINARY: [(&str, &str); 14] = [
    (operators::LOGICAL_OR, "||"),
    (operators::LOGICAL_AND, "&&"),
    (operators::EQUALS, "=="),
    (operators::NOT_EQUALS, "!="),
    (operators::LESS, "<"),
    (operators::LESS_EQUALS, "<="),
    (operators::GREATER, ">"),
    (operators::GREATER_EQUALS, ">="),
    (operators::IN, "in"),
    (operators::ADD, "+"),
    (operators::SUBSTRACT, "-"),
    (operators::MULTIPLY, "*"),
    (operators::DIVIDE, "/"),
    (operators::MODULO, "%"),
];

impl Expr {
    /// The expression's structure, for describing it in words.
    pub fn shape(&self) -> Shape {
        shape(&self.program.expression().expr)
    }
}

fn shape(e: &Ast) -> Shape {
    match e {
        Ast::Ident(n) => Shape::Var(n.clone()),
        Ast::Literal(LiteralValue::Boolean(b)) => Shape::Bool(*b.inner()),
        Ast::Literal(LiteralValue::Int(i)) => Shape::Int(*i.inner()),
        Ast::Literal(LiteralValue::UInt(u)) => {
            i64::try_from(*u.inner()).map_or(Shape::Other(u.inner().to_string()), Shape::Int)
        }
        Ast::Literal(LiteralValue::Double(f)) => Shape::Float(*f.inner()),
        Ast::Literal(LiteralValue::String(s)) => Shape::Text(s.inner().to_string()),
        Ast::List(l) => Shape::List(l.elements.iter().map(|a| shape(&a.expr)).collect()),
        Ast::Call(c) => {
            let args: Vec<Shape> = c.args.iter().map(|a| shape(&a.expr)).collect();
            if let Some(&(_, op)) = BINARY.iter().find(|(f, _)| *f == c.func_name)
                && args.len() == 2
                && c.target.is_none()
            {
                let mut it = args.into_iter();
                let (a, b) = (
                    it.next().unwrap_or(Shape::Bool(false)),
                    it.next().unwrap_or(Shape::Bool(false)),
                );
                return Shape::Binary(op, Box::new(a), Box::new(b));
            }
            match (c.func_name.as_str(), c.target.as_ref(), args.len()) {
                (operators::LOGICAL_NOT, None, 1) => Shape::Not(Box::new(
                    args.into_iter().next().unwrap_or(Shape::Bool(false)),
                )),
                (operators::CONDITIONAL, None, 3) => {
                    let mut it = args.into_iter().map(Box::new);
                    match (it.next(), it.next(), it.next()) {
                        (Some(a), Some(b), Some(c)) => Shape::Choose(a, b, c),
                        _ => Shape::Other(String::new()),
                    }
                }
                (_, None, _) => Shape::Call(c.func_name.clone(), args),
                (_, Some(t), _) => {
                    let t = shape(&t.expr).source();
                    let a: Vec<String> = args.iter().map(Shape::source).collect();
                    Shape::Other(format!("{t}.{}({})", c.func_name, a.join(", ")))
                }
            }
        }
        Ast::Comprehension(c) => each(c).unwrap_or_else(|| Shape::Other("…".to_owned())),
        Ast::Select(s) => Shape::Other(format!("{}.{}", shape(&s.operand.expr).source(), s.field)),
        _ => Shape::Other("…".to_owned()),
    }
}

/// `exists` and `all` as the parser expands them: an accumulator that starts
/// false (true) and is or-ed (and-ed) with the condition.
fn each(c: &cel::common::ast::ComprehensionExpr) -> Option<Shape> {
    let Ast::Literal(LiteralValue::Boolean(init)) = &c.accu_init.expr else {
        return None;
    };
    let Ast::Call(step) = &c.loop_step.expr else {
        return None;
    };
    let all = *init.inner();
    let op = if all {
        operators::LOGICAL_AND
    } else {
        operators::LOGICAL_OR
    };
    if step.func_name != op || step.args.len() != 2 || c.iter_var2.is_some() {
        return None;
    }
    if !matches!(&step.args[0].expr, Ast::Ident(n) if *n == c.accu_var)
        || !matches!(&c.result.expr, Ast::Ident(n) if *n == c.accu_var)
    {
        return None;
    }
    Some(Shape::Each {
        all,
        list: Box::new(shape(&c.iter_range.expr)),
        var: c.iter_var.clone(),
        cond: Box::new(shape(&step.args[1].expr)),
    })
}

/// How tightly an operator binds (higher binds tighter).
fn precedence(s: &Shape) -> u8 {
    match s {
        Shape::Choose(..) => 0,
        Shape::Binary("||", ..) => 1,
        Shape::Binary("&&", ..) => 2,
        Shape::Binary("==" | "!=" | "<" | "<=" | ">" | ">=" | "in", ..) => 3,
        Shape::Binary("+" | "-", ..) => 4,
        Shape::Binary(..) => 5,
        Shape::Not(_) => 6,
        _ => 7,
    }
}

impl Shape {
    /// The shape written back as CEL (spacing and parentheses normalised).
    pub fn source(&self) -> String {
        let wrap = |s: &Shape, min: u8| {
            if precedence(s) < min {
                format!("({})", s.source())
            } else {
                s.source()
            }
        };
        match self {
            Shape::Var(n) => n.clone(),
            Shape::Bool(b) => b.to_string(),
            Shape::Int(i) => i.to_string(),
            Shape::Float(f) => format!("{f:?}"),
            Shape::Text(t) => format!("'{}'", t.replace('\\', "\\\\").replace('\'', "\\'")),
            Shape::List(l) => format!(
                "[{}]",
                l.iter().map(Shape::source).collect::<Vec<_>>().join(", ")
            ),
            Shape::Not(x) => format!("!{}", wrap(x, 6)),
            Shape::Binary(op, a, b) => {
                let p = precedence(self);
                format!("{} {op} {}", wrap(a, p), wrap(b, p + 1))
            }
            Shape::Call(f, args) => format!(
                "{f}({})",
                args.iter()
                    .map(Shape::source)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Shape::Each {
                all,
                list,
                var,
                cond,
            } => format!(
                "{}.{}({var}, {})",
                wrap(list, 7),
                if *all { "all" } else { "exists" },
                cond.source()
            ),
            Shape::Choose(c, a, b) => {
                format!("{} ? {} : {}", wrap(c, 1), wrap(a, 1), wrap(b, 0))
            }
            Shape::Other(s) => s.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_keep_the_structure_and_print_back() {
        let e = Expr::parse("!consent && (weeks_postpartum >= 6 || 'running' in goals)").unwrap();
        let Shape::Binary("&&", a, b) = e.shape() else {
            panic!("{:?}", e.shape())
        };
        assert_eq!(*a, Shape::Not(Box::new(Shape::Var("consent".into()))));
        assert!(matches!(*b, Shape::Binary("||", ..)));
        assert_eq!(
            e.shape().source(),
            "!consent && (weeks_postpartum >= 6 || 'running' in goals)"
        );
        let e = Expr::parse("xs.exists(c, c in ['a', 'b']) && ys.all(r, r > 1)").unwrap();
        let Shape::Binary(_, a, b) = e.shape() else {
            panic!()
        };
        assert!(matches!(*a, Shape::Each { all: false, ref var, .. } if var == "c"));
        assert!(matches!(*b, Shape::Each { all: true, .. }));
        assert_eq!(
            e.shape().source(),
            "xs.exists(c, c in ['a', 'b']) && ys.all(r, r > 1)"
        );
        let e = Expr::parse("a - (b - c) >= 2 ? 'x' : 'y'").unwrap();
        assert_eq!(e.shape().source(), "a - (b - c) >= 2 ? 'x' : 'y'");
    }
}
