namespace CpuidAnalyzers.Flow;

/// <summary>
/// What a boolean condition says about atoms: built from IsSupported reads, tracked bool
/// variables, constants, <c>!</c>, <c>&amp;</c> and <c>|</c>. Anything else is <see cref="Unknown"/>,
/// which refines nothing, so an unproven condition can never silence a use.
/// </summary>
internal abstract class Formula
{
    public static readonly Formula Unknown = new UnknownFormula();
    public static readonly Formula True = new ConstantFormula(true);
    public static readonly Formula False = new ConstantFormula(false);

    public static Formula Atom(int atom) => new AtomFormula(atom);

    public static Formula Constant(bool value) => value ? True : False;

    public static Formula Not(Formula operand) => operand switch
    {
        UnknownFormula => Unknown,
        ConstantFormula c => Constant(!c.Value),
        NotFormula n => n.Operand,
        _ => new NotFormula(operand),
    };

    public static Formula And(Formula left, Formula right) =>
        left is UnknownFormula && right is UnknownFormula ? Unknown : new AndFormula(left, right);

    public static Formula Or(Formula left, Formula right) =>
        left is UnknownFormula && right is UnknownFormula ? Unknown : new OrFormula(left, right);

    /// <summary><c>left == right</c> for booleans.</summary>
    public static Formula Iff(Formula left, Formula right) =>
        left is UnknownFormula || right is UnknownFormula
            ? Unknown
            : Or(And(left, right), And(Not(left), Not(right)));

    public bool IsUnknown => this is UnknownFormula;
}

internal sealed class UnknownFormula : Formula
{
}

internal sealed class ConstantFormula : Formula
{
    public ConstantFormula(bool value) => Value = value;

    public bool Value { get; }
}

internal sealed class AtomFormula : Formula
{
    public AtomFormula(int atom) => Index = atom;

    public int Index { get; }
}

internal sealed class NotFormula : Formula
{
    public NotFormula(Formula operand) => Operand = operand;

    public Formula Operand { get; }
}

internal sealed class AndFormula : Formula
{
    public AndFormula(Formula left, Formula right) => (Left, Right) = (left, right);

    public Formula Left { get; }

    public Formula Right { get; }
}

internal sealed class OrFormula : Formula
{
    public OrFormula(Formula left, Formula right) => (Left, Right) = (left, right);

    public Formula Left { get; }

    public Formula Right { get; }
}
