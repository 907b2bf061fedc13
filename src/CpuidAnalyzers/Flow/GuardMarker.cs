namespace CpuidAnalyzers.Flow;

/// <summary>What a non-ISA condition that people use as a feature check really tests.</summary>
internal enum GuardMarkerKind
{
    /// <summary><c>ProcessArchitecture == X64</c>, <c>Environment.Is64BitProcess</c>, <c>IntPtr.Size == 8</c>.</summary>
    Architecture,

    /// <summary><c>Vector256.IsHardwareAccelerated</c> and friends.</summary>
    Acceleration,

    /// <summary>A condition computed from <c>X86Base.CpuId</c> results.</summary>
    RawCpuid,

    /// <summary>
    /// A check of <c>System.Numerics.Vector&lt;T&gt;.Count</c>: one of the two atoms encoding the width
    /// (<see cref="GuardMarker.WidthBytes"/> 32 or 64, see <see cref="VectorWidths.Of"/>), or a length compared with the width. Only read when a rule asks for
    /// it (<see cref="ConditionReader"/>).
    /// </summary>
    VectorWidth,
}

/// <summary>
/// A condition that is not an ISA check but is tracked like one, so a rule can tell the user
/// "this is what you checked, and it does not imply the class". Markers never imply ISA classes.
/// </summary>
internal sealed class GuardMarker
{
    public GuardMarker(GuardMarkerKind kind, string description, int widthBytes = 0) =>
        (Kind, Description, WidthBytes) = (kind, description, widthBytes);

    public GuardMarkerKind Kind { get; }

    /// <summary>As the user wrote it, e.g. <c>RuntimeInformation.ProcessArchitecture == Architecture.X64</c>.</summary>
    public string Description { get; }

    /// <summary>For a <see cref="GuardMarkerKind.VectorWidth"/> width atom: 32 ("at least 32 bytes") or 64 ("64 bytes"); otherwise 0.</summary>
    public int WidthBytes { get; }
}
