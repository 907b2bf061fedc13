using CpuidAnalyzers.Tests.Verifiers;
using VerifyCS = CpuidAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<CpuidAnalyzers.Rules.IsaUse.CPUID004ArchitectureCheckAsIsaGuardAnalyzer>;

namespace CpuidAnalyzers.Tests;

public class CPUID004ArchitectureCheckAsIsaGuardTests
{
    private const string Usings = "using System.Runtime.InteropServices;\n";

    [Fact]
    public Task ProcessArchitecture() => VerifyCS.VerifyAsync(Usings + Snippet.Method(/* lang=c#-test */ """
        if ({|#1:RuntimeInformation.ProcessArchitecture == Architecture.X64|}) return {|#0:Avx2.Add|}(a, b);
        return a;
        """),
        VerifyCS.Diagnostic("CPUID004").WithLocation(0).WithLocation(1)
            .WithMessage("RuntimeInformation.ProcessArchitecture == Architecture.X64 does not imply Avx2: a CPU of that architecture (or a VM's CPU model) " +
                "may lack it; check Avx2.IsSupported before 'Avx2.Add'"));

    [Fact]
    public Task EveryBitnessCheck() => VerifyCS.VerifyAsync(Usings + Snippet.Method(/* lang=c#-test */ """
        if (RuntimeInformation.OSArchitecture != Architecture.X64) return a;
        a = {|CPUID004:Avx2.Add|}(a, b);
        if (Environment.Is64BitProcess) a = {|CPUID004:Avx2.Subtract|}(a, b);
        if (IntPtr.Size == 8) a = {|CPUID004:Avx2.Xor|}(a, b);
        if (nint.Size == 8) a = {|CPUID004:Avx2.Or|}(a, b);
        return a;
        """));

    [Fact]
    public Task SwitchOnArchitecture() => VerifyCS.VerifyAsync(Usings + Snippet.Method(/* lang=c#-test */ """
        switch (RuntimeInformation.ProcessArchitecture)
        {
            case Architecture.X64: return {|CPUID004:Avx2.Add|}(a, b);
            case Architecture.Arm64: return Vector256.Add(a, b);
            default: return a;
        }
        """));

    [Fact]
    public Task PatternOnArchitecture() => VerifyCS.VerifyAsync(Usings + Snippet.Method(/* lang=c#-test */ """
        if (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86) return {|#0:Sse41.Min|}(a.GetLower(), b.GetLower()).ToVector256();
        return a;
        """),
        VerifyCS.Diagnostic("CPUID004").WithLocation(0).WithArguments("Sse41.Min", "Sse41", "call",
            "RuntimeInformation.ProcessArchitecture == Architecture.X64 || RuntimeInformation.ProcessArchitecture == Architecture.X86",
            "Sse41.IsSupported", ""));

    [Fact]
    public Task ArchitectureCheckPlusFeatureCheck_IsSilent() => VerifyCS.VerifyAsync(Usings + Snippet.Method(/* lang=c#-test */ """
        if (RuntimeInformation.ProcessArchitecture == Architecture.X64 && Avx2.IsSupported) return Avx2.Add(a, b);
        return a;
        """));
}
