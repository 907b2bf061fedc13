namespace CpuidAnalyzers.Isa;

/// <summary>
/// What a boolean condition says about atoms: built from IsSupported reads, tracked bool
/// variables, constants, <c>!</c>, <c>&amp;</c> and <c>|</c>. Anything else is <see cref="Unknown"/>,
/// which refines nothing, so an unproven condition can never silence a use.
/// </summary>
/// <remarks>
/// A formula has at most <see cref="MaxSize"/> nodes (+1 for a top <c>!</c>): every consumer (assuming it, turning it
/// into clauses, comparing it) walks it recursively, and <c>a ^ b</c> is <c>(a ∧ b) ∨ (¬a ∧ ¬b)</c>, which doubles
/// what it repeats. Past the budget, the part that does not fit becomes Unknown: <c>x ∧ Unknown</c> (or
/// <c>x ∨ Unknown</c>) where the kept side fits, Unknown otherwise. Unknown is weaker than any condition in both
/// polarities, so this only loses facts: a use may be reported that an exact reading would prove, never the reverse.
/// The constructors also simplify constants and repeated operands (<c>x ∧ x</c>, <c>x == x</c>, <c>x ^ x</c>), so long
/// chains of one check (<c>Sse2.IsSupported &amp;&amp; Sse2.IsSupported &amp;&amp; …</c>) stay one atom.
/// </remarks>
internal abstract class Formula
{
    /// <summary>The most nodes a formula has (issue 19: a budget on every recursive walk of one, and on its growth).</summary>
    public const int MaxSize = 256;

    public static readonly Formula Unknown = new UnknownFormula();
    public static readonly Formula True = new ConstantFormula(true);
    public static readonly Formula False = new ConstantFormula(false);

    protected Formula(int size) => Size = size;

    /// <summary>Nodes of the formula as a tree (shared subformulas counted each time).</summary>
    public int Size { get; }

    public static Formula Atom(int atom) => new AtomFormula(atom);

    public static Formula Constant(bool value) => value ? True : False;

    public static Formula Not(Formula operand) => operand switch
    {
        UnknownFormula => Unknown,
        ConstantFormula c => Constant(!c.Value),
        NotFormula n => n.Operand,
        // A Not adds one node: a formula of MaxSize + 1 is a negated one that fits, and anything built on it is over budget.
        _ => new NotFormula(operand),
    };

    public static Formula And(Formula left, Formula right) => Combine(left, right, isAnd: true);

    public static Formula Or(Formula left, Formula right) => Combine(left, right, isAnd: false);

    /// <summary><c>left == right</c> for booleans.</summary>
    public static Formula Iff(Formula left, Formula right)
    {
        if (left is UnknownFormula || right is UnknownFormula) return Unknown;
        if (left is ConstantFormula l) return l.Value ? right : Not(right);
        if (right is ConstantFormula r) return r.Value ? left : Not(left);
        if (SameAs(left, right)) return True;
        if (left is NotFormula notLeft && SameAs(notLeft.Operand, right) || right is NotFormula notRight && SameAs(left, notRight.Operand)) return False;
        return Or(And(left, right), And(Not(left), Not(right)));
    }

    public bool IsUnknown => this is UnknownFormula;

    private static Formula Combine(Formula left, Formula right, bool isAnd)
    {
        if (left is UnknownFormula && right is UnknownFormula) return Unknown;
        // x ∧ true = x, x ∧ false = false; x ∨ false = x, x ∨ true = true.
        if (left is ConstantFormula l) return l.Value == isAnd ? right : left;
        if (right is ConstantFormula r) return r.Value == isAnd ? left : right;
        // x ∧ x = x, and (x ∧ y) ∧ x = x ∧ y: a chain repeating one check stays as long as its distinct operands.
        if (HasOperand(left, right, isAnd)) return left;
        if (HasOperand(right, left, isAnd)) return right;
        if (left.Size + right.Size + 1 <= MaxSize) return isAnd ? new AndFormula(left, right) : new OrFormula(left, right);
        // Over budget: keep one side, the other becomes Unknown (sound either way round, see the remarks).
        if (IsPartial(left, isAnd)) return left;
        if (IsPartial(right, isAnd)) return right;
        if (left.Size + 2 <= MaxSize) return isAnd ? new AndFormula(left, Unknown) : new OrFormula(left, Unknown);
        if (right.Size + 2 <= MaxSize) return isAnd ? new AndFormula(right, Unknown) : new OrFormula(right, Unknown);
        return Unknown;
    }

    /// <summary><c>x ∧ Unknown</c> (or <c>x ∨ Unknown</c>): a kept side and the part past the budget.</summary>
    private static bool IsPartial(Formula formula, bool isAnd) => isAnd
        ? formula is AndFormula { Right: UnknownFormula }
        : formula is OrFormula { Right: UnknownFormula };

    /// <summary>Whether <paramref name="operand"/> is <paramref name="chain"/> or one of the operands of its left-leaning ∧ (∨) chain.</summary>
    private static bool HasOperand(Formula chain, Formula operand, bool isAnd)
    {
        // Iterative: chains are as long as the budget allows.
        for (var current = chain; ;)
        {
            if (SameAs(current, operand)) return true;
            switch (current)
            {
                case AndFormula conjunction when isAnd:
                    if (SameAs(conjunction.Right, operand)) return true;
                    current = conjunction.Left;
                    break;
                case OrFormula disjunction when !isAnd:
                    if (SameAs(disjunction.Right, operand)) return true;
                    current = disjunction.Left;
                    break;
                default:
                    return false;
            }
        }
    }

    /// <summary>
    /// The same condition by construction (same atoms, constants and connectives). Unknown is never the same as
    /// anything, itself included: two unknown conditions may differ. Depth is bounded by <see cref="MaxSize"/>.
    /// </summary>
    public static bool Same(Formula left, Formula right) => SameAs(left, right);

    private static bool SameAs(Formula left, Formula right) =>
        left is not UnknownFormula && (ReferenceEquals(left, right) && !ContainsUnknown(left) || left.Size == right.Size && (left, right) switch
        {
            (AtomFormula a, AtomFormula b) => a.Index == b.Index,
            (ConstantFormula a, ConstantFormula b) => a.Value == b.Value,
            (NotFormula a, NotFormula b) => SameAs(a.Operand, b.Operand),
            (AndFormula a, AndFormula b) => SameAs(a.Left, b.Left) && SameAs(a.Right, b.Right),
            (OrFormula a, OrFormula b) => SameAs(a.Left, b.Left) && SameAs(a.Right, b.Right),
            _ => false,
        });

    private static bool ContainsUnknown(Formula formula) => formula switch
    {
        UnknownFormula => true,
        NotFormula not => ContainsUnknown(not.Operand),
        AndFormula and => ContainsUnknown(and.Left) || ContainsUnknown(and.Right),
        OrFormula or => ContainsUnknown(or.Left) || ContainsUnknown(or.Right),
        _ => false,
    };
}

internal sealed class UnknownFormula : Formula
{
    public UnknownFormula() : base(1) { }
}

internal sealed class ConstantFormula : Formula
{
    public ConstantFormula(bool value) : base(1) => Value = value;

    public bool Value { get; }
}

internal sealed class AtomFormula : Formula
{
    public AtomFormula(int atom) : base(1) => Index = atom;

    public int Index { get; }
}

internal sealed class NotFormula : Formula
{
    public NotFormula(Formula operand) : base(operand.Size + 1) => Operand = operand;

    public Formula Operand { get; }
}

internal sealed class AndFormula : Formula
{
    public AndFormula(Formula left, Formula right) : base(left.Size + right.Size + 1) => (Left, Right) = (left, right);

    public Formula Left { get; }

    public Formula Right { get; }
}

internal sealed class OrFormula : Formula
{
    public OrFormula(Formula left, Formula right) : base(left.Size + right.Size + 1) => (Left, Right) = (left, right);

    public Formula Left { get; }

    public Formula Right { get; }
}
