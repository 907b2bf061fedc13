using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CpuidAnalyzers.Isa;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CpuidAnalyzers.Flow;

/// <summary>
/// Turns a boolean operation into a <see cref="Formula"/>: <c>X.IsSupported</c>, tracked locals and
/// captures, guard members, literals, <c>!</c>, <c>&amp;</c>, <c>|</c>, <c>^</c>, <c>==</c>, <c>!=</c> and
/// <c>is true/false/not …</c> patterns. Architecture, acceleration and raw-CPUID conditions become
/// markers (they guard nothing, but the rules name them). When asked to, comparisons of
/// <c>Vector&lt;T&gt;.Count</c> become <see cref="GuardMarkerKind.VectorWidth"/> markers (see
/// <see cref="VectorWidthReader"/>). Everything else is Unknown.
/// </summary>
internal sealed class ConditionReader
{
    private const int MaxGuardMemberDepth = 4;

    /// <summary>
    /// The most nested operations one reading descends through (guard members and cached locals included): past it
    /// the operand reads as Unknown, so the stack stays bounded whatever the input (issue 19). Left-leaning chains
    /// of <c>&amp;&amp;</c>, <c>||</c>, <c>^</c>, <c>==</c>, … (how C# parses <c>a &amp;&amp; b &amp;&amp; c</c>) are walked iteratively and
    /// do not count their length against it.
    /// </summary>
    private const int MaxNesting = 200;

    private readonly IsaModel _model;
    private readonly BodyVariables _variables;
    private readonly GuardMembers _guardMembers;
    private readonly CancellationToken _cancellationToken;
    private readonly VectorWidthReader? _vectorWidth;

    public ConditionReader(IsaModel model, BodyVariables variables, GuardMembers guardMembers, CancellationToken cancellationToken,
        bool readVectorWidth = false)
    {
        (_model, _variables, _guardMembers, _cancellationToken) = (model, variables, guardMembers, cancellationToken);
        if (readVectorWidth) _vectorWidth = new VectorWidthReader(variables);
    }

    /// <summary>A condition in a graph: locals and captures are the graph's atoms, whose values the flow tracks.</summary>
    public Formula Read(IOperation? operation, ControlFlowGraph graph) => Read(operation, graph, depth: 0, nesting: 0);

    /// <summary>
    /// A condition in the original operation tree, with no flow around it: a bool local written only by its
    /// initializer reads as that initializer (ISA facts never change, so its value is the same wherever it is read).
    /// </summary>
    public Formula ReadInTree(IOperation? operation) => Read(operation, graph: null, depth: 0, nesting: 0);

    private Formula Read(IOperation? operation, ControlFlowGraph? graph, int depth, int nesting)
    {
        if (nesting > MaxNesting) return Formula.Unknown;
        nesting++;
        switch (operation)
        {
            case null:
                return Formula.Unknown;
            case ILiteralOperation { ConstantValue: { HasValue: true, Value: bool literal } }:
                return Formula.Constant(literal);
            case IConversionOperation { Type.SpecialType: SpecialType.System_Boolean, OperatorMethod: null } conversion:
                return Read(conversion.Operand, graph, depth, nesting);
            case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "IsSupported" } property }
                when _model.TryGetAtom(property.ContainingType, out var isa):
                return Formula.Atom(isa);
            case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "IsHardwareAccelerated" } property }
                when property.ContainingType.ContainingNamespace.ToDisplayString() is "System.Runtime.Intrinsics" or "System.Numerics":
                return Marker(GuardMarkerKind.Acceleration, property.ContainingType.Name + ".IsHardwareAccelerated");
            case IPropertyReferenceOperation { Property: { IsStatic: true, Name: "Is64BitProcess" or "Is64BitOperatingSystem" } property }
                when property.ContainingType.ToDisplayString() == "System.Environment":
                return Marker(GuardMarkerKind.Architecture, "Environment." + property.Name);
            case ILocalReferenceOperation local when graph is not null && _variables.TryGetLocal(local.Local, out var localAtom):
                return Formula.Atom(localAtom);
            // Without a graph, a local this body writes once reads as its initializer; a guard member's locals
            // (also read without a graph) belong to another member, so this body never has a value for them.
            case ILocalReferenceOperation { Local.Type.SpecialType: SpecialType.System_Boolean } local
                when graph is null && depth < MaxGuardMemberDepth && _variables.SingleValue(local.Local) is { } value:
                return Read(value, graph: null, depth + 1, nesting);
            case IFlowCaptureReferenceOperation { Type.SpecialType: SpecialType.System_Boolean } capture when graph is not null:
                return Formula.Atom(_variables.Capture(graph, capture.Id));
            case ISimpleAssignmentOperation assignment:
                return Read(assignment.Value, graph, depth, nesting);
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, OperatorMethod: null } not:
                return Formula.Not(Read(not.Operand, graph, depth, nesting));
            case IBinaryOperation { OperatorMethod: null } binary when IsBool(binary.LeftOperand) && IsBool(binary.RightOperand):
                return ReadBinary(binary, graph, depth, nesting);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                when (ReadArchitectureComparison(comparison.LeftOperand, comparison.RightOperand, graph)
                    ?? ReadArchitectureComparison(comparison.RightOperand, comparison.LeftOperand, graph)) is { } equals:
                return comparison.OperatorKind == BinaryOperatorKind.Equals ? equals : Formula.Not(equals);
            case IIsPatternOperation isPattern when IsBool(isPattern.Value):
                return ReadPattern(isPattern.Pattern, Read(isPattern.Value, graph, depth, nesting), constant => null, nesting);
            case IIsPatternOperation { Value: var tupleValue } isPattern when BoolTuple(tupleValue) is { } tuple:
                // (Avx2.IsSupported, Bmi2.IsSupported) is (true, _): each element against its subpattern.
                return ReadPattern(isPattern.Pattern, Formula.Unknown, constant => null, nesting,
                    tuple.Elements.Select(element => IsBool(element) ? Read(element, graph, depth, nesting) : Formula.Unknown).ToList());
            case IIsPatternOperation isPattern when ArchitectureSource(isPattern.Value, graph) is { } source:
                return ReadPattern(isPattern.Pattern, Formula.Unknown, constant => ArchitectureMarker(source, constant), nesting);
            case IBinaryOperation or IIsPatternOperation when _vectorWidth?.Read(operation, graph) is { } width:
                return width;
            case IParameterReferenceOperation { Parameter: { Type.SpecialType: SpecialType.System_Boolean, RefKind: RefKind.None } parameter }
                when depth < MaxGuardMemberDepth && _guardMembers.Parameters.GetArguments(parameter, _cancellationToken) is { } arguments:
                // A private helper's flag that every call site passes the same check for reads as that check.
                return SameFormula(arguments, depth + 1, nesting);
            case IPropertyReferenceOperation { Property.Type.SpecialType: SpecialType.System_Boolean, Instance: { } instance } capability
                when depth < MaxGuardMemberDepth && CapabilityArgument(instance, capability.Property) is { } argument:
                // s_caps.HasAvx2: the argument the field's initializer passed for it, read where it is.
                return Read(argument, graph: null, depth + 1, nesting);
            case IIsPatternOperation { Pattern: IRecursivePatternOperation or INegatedPatternOperation or IBinaryPatternOperation } isPattern
                when depth < MaxGuardMemberDepth && CapabilityField(isPattern.Value) is { } capabilities:
                // s_caps is { HasAvx2: true }: each property against its subpattern.
                return ReadPattern(isPattern.Pattern, Formula.Unknown, constant => null, nesting,
                    properties: property => _guardMembers.Capabilities.GetArgument(capabilities, property, _cancellationToken) is { } argument
                        ? Read(argument, graph: null, depth + 1, nesting)
                        : Formula.Unknown);
            case IPropertyReferenceOperation or IInvocationOperation { Arguments.IsEmpty: true } or IFieldReferenceOperation
                when depth < MaxGuardMemberDepth && MemberOf(operation) is { } member
                    && _guardMembers.GetExpression(member, _cancellationToken) is { } guardExpression:
                // A guard member's locals belong to it, not to this body: read it without a graph.
                return Read(guardExpression, graph: null, depth + 1, nesting);
            case { Type.SpecialType: SpecialType.System_Boolean } when _variables.IsCpuidDerived(operation, graph):
                return Marker(GuardMarkerKind.RawCpuid, "raw CPUID bits");
            default:
                return Formula.Unknown;
        }
    }

    private Formula ReadBinary(IBinaryOperation binary, ControlFlowGraph? graph, int depth, int nesting)
    {
        // Down the left operands iteratively: a chain of n terms is n - 1 operations deep on its left side.
        var chain = new Stack<IBinaryOperation>();
        IOperation leftmost = binary;
        while (leftmost is IBinaryOperation { OperatorMethod: null } link && IsBool(link.LeftOperand) && IsBool(link.RightOperand))
        {
            chain.Push(link);
            leftmost = link.LeftOperand;
        }

        var result = Read(leftmost, graph, depth, nesting);
        while (chain.Count > 0)
        {
            if ((chain.Count & 255) == 0) _cancellationToken.ThrowIfCancellationRequested();
            var link = chain.Pop();
            result = Combine(link.OperatorKind, result, Read(link.RightOperand, graph, depth, nesting));
        }
        return result;
    }

    private static Formula Combine(BinaryOperatorKind kind, Formula left, Formula right) => kind switch
    {
        BinaryOperatorKind.And or BinaryOperatorKind.ConditionalAnd => Formula.And(left, right),
        BinaryOperatorKind.Or or BinaryOperatorKind.ConditionalOr => Formula.Or(left, right),
        BinaryOperatorKind.Equals => Formula.Iff(left, right),
        BinaryOperatorKind.NotEquals or BinaryOperatorKind.ExclusiveOr => Formula.Not(Formula.Iff(left, right)),
        _ => Formula.Unknown,
    };

    /// <summary>
    /// Reads a pattern against a value: for a bool value, constants <c>true</c>/<c>false</c> are the value or its
    /// negation; for an architecture value, <paramref name="constantFormula"/> turns each constant into a marker.
    /// </summary>
    /// <param name="elements">For a tuple literal value, its elements' formulas: a positional pattern of the same arity
    /// is the conjunction of each element against its subpattern (<c>_</c> says nothing, <c>false</c> negates).</param>
    /// <param name="properties">For a capabilities value, each bool property's formula: a property pattern is the
    /// conjunction of each property against its subpattern.</param>
    private static Formula ReadPattern(IPatternOperation pattern, Formula value, System.Func<IOperation, Formula?> constantFormula, int nesting,
        IReadOnlyList<Formula>? elements = null, System.Func<IPropertySymbol, Formula>? properties = null) =>
        ++nesting > MaxNesting ? Formula.Unknown : pattern switch
        {
            IRecursivePatternOperation { DeconstructionSubpatterns.IsEmpty: true,
                PropertySubpatterns.IsEmpty: false } propertyPattern when properties is not null =>
                propertyPattern.PropertySubpatterns.Select(sub
                    => sub.Member is IPropertyReferenceOperation { Instance: IInstanceReferenceOperation,
                    Property: { Type.SpecialType: SpecialType.System_Boolean } property }
                        ? ReadPattern(sub.Pattern, properties(property), _ => null, nesting)
                        : Formula.Unknown)
                    .Aggregate(Formula.True, Formula.And),
            IRecursivePatternOperation { PropertySubpatterns.IsEmpty: true, DeconstructSymbol: null } positional
                when elements is not null && positional.DeconstructionSubpatterns.Length == elements.Count =>
                positional.DeconstructionSubpatterns.Select((sub, i) => ReadPattern(sub, elements[i], _ => null, nesting))
                    .Aggregate(Formula.True, Formula.And),
            IConstantPatternOperation { Value: { ConstantValue: { HasValue: true, Value: bool constant } } } when !value.IsUnknown =>
                constant ? value : Formula.Not(value),
            IConstantPatternOperation { Value: { } constantValue } => constantFormula(constantValue) ?? Formula.Unknown,
            INegatedPatternOperation negated => Formula.Not(ReadPattern(negated.Pattern, value, constantFormula, nesting, elements, properties)),
            IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or =>
                Formula.Or(ReadPattern(or.LeftPattern, value, constantFormula, nesting, elements, properties),
                    ReadPattern(or.RightPattern, value, constantFormula, nesting, elements, properties)),
            IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } and =>
                Formula.And(ReadPattern(and.LeftPattern, value, constantFormula, nesting, elements, properties),
                    ReadPattern(and.RightPattern, value, constantFormula, nesting, elements, properties)),
            IDiscardPatternOperation => Formula.True,
            _ => Formula.Unknown,
        };

    /// <summary><c>ProcessArchitecture == Architecture.X64</c>, <c>IntPtr.Size == 8</c>: a marker, when one side is such a source.</summary>
    private Formula? ReadArchitectureComparison(IOperation sourceSide, IOperation constantSide, ControlFlowGraph? graph) =>
        constantSide.ConstantValue.HasValue && ArchitectureSource(sourceSide, graph) is { } source
            ? ArchitectureMarker(source, constantSide)
            : null;

    private Formula ArchitectureMarker(string source, IOperation constant) =>
        Marker(GuardMarkerKind.Architecture, source + " == " + constant.Syntax);

    /// <summary>The spelling of an architecture or pointer-size read, looking through conversions and captures.</summary>
    private string? ArchitectureSource(IOperation operation, ControlFlowGraph? graph)
    {
        // Through conversions and captures of captures, iteratively and a bounded number of steps.
        for (var steps = 0; ; steps++)
        {
            while (operation is IConversionOperation conversion) operation = conversion.Operand;
            if (steps < MaxNesting && operation is IFlowCaptureReferenceOperation capture && graph is not null
                && _variables.CaptureSource(graph, capture.Id) is { } source)
                operation = source;
            else
                break;
        }
        return operation switch
        {
            IPropertyReferenceOperation { Property: { Name: "ProcessArchitecture" or "OSArchitecture", ContainingType.Name: "RuntimeInformation" } } property =>
                "RuntimeInformation." + property.Property.Name,
            IPropertyReferenceOperation { Property: { Name: "Size",
                ContainingType.SpecialType: SpecialType.System_IntPtr or SpecialType.System_UIntPtr } } property =>
                property.Syntax.ToString(),
            _ => null,
        };
    }

    private Formula Marker(GuardMarkerKind kind, string description) => Formula.Atom(_variables.Marker(kind, description));

    private static ISymbol? MemberOf(IOperation operation) => operation switch
    {
        IPropertyReferenceOperation property => property.Property,
        IInvocationOperation invocation => invocation.TargetMethod,
        IFieldReferenceOperation field => field.Field,
        _ => null,
    };

    /// <summary>The formula all the arguments read to (each where it is written, with no flow), or Unknown when two differ.</summary>
    private Formula SameFormula(System.Collections.Immutable.ImmutableArray<IOperation> arguments, int depth, int nesting)
    {
        // A recursive call passing the parameter on unchanged passes what its own caller passed: it adds nothing.
        var passed = arguments.Where(a => !(a is IParameterReferenceOperation self && a.Parent is IArgumentOperation { Parameter: { } target }
            && SymbolEqualityComparer.Default.Equals(self.Parameter, target))).ToList();
        if (passed.Count == 0) return Formula.Unknown;
        var first = Read(passed[0], graph: null, depth, nesting);
        for (var i = 1; i < passed.Count && !first.IsUnknown; i++)
            if (!Formula.Same(first, Read(passed[i], graph: null, depth, nesting))) return Formula.Unknown;
        return first;
    }

    private IOperation? CapabilityArgument(IOperation instance, IPropertySymbol property) =>
        CapabilityField(instance) is { } field ? _guardMembers.Capabilities.GetArgument(field, property, _cancellationToken) : null;

    /// <summary>A static readonly field read as a whole (the candidate of <see cref="CapabilityValues"/>).</summary>
    private static IFieldSymbol? CapabilityField(IOperation value)
    {
        while (value is IConversionOperation { OperatorMethod: null } conversion) value = conversion.Operand;
        return value is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true, Type.SpecialType: SpecialType.None } field } ? field : null;
    }

    /// <summary>A tuple literal (through conversions) with at least one bool element, such as <c>(Avx2.IsSupported, Bmi2.IsSupported)</c>.</summary>
    private static ITupleOperation? BoolTuple(IOperation value)
    {
        while (value is IConversionOperation { OperatorMethod: null } conversion) value = conversion.Operand;
        return value is ITupleOperation tuple && tuple.Elements.Any(IsBool) ? tuple : null;
    }

    private static bool IsBool(IOperation operand) => operand.Type?.SpecialType == SpecialType.System_Boolean;
}
