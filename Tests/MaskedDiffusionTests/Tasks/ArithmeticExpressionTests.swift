import Testing

@testable import MaskedDiffusion

/// The evaluator agrees with Python's `eval` on the reward's character set.
struct ArithmeticExpressionTests {
    func eval(_ s: String) -> Double? { ArithmeticExpression.evaluate(s) }

    @Test func precedenceAndAssociativity() {
        #expect(eval("25+3*7") == 46)
        #expect(eval("(25+3)*7") == 196)
        #expect(eval("8-5-2") == 1)
        #expect(eval("8-(5-2)") == 5)
        #expect(eval("24/4/2") == 3)
        #expect(eval("2**3**2") == 512)
        #expect(eval("-2**2") == -4)
        #expect(eval("2**-1") == 0.5)
        #expect(eval("--3") == 3)
        #expect(eval("-(3+4)*+2") == -14)
        #expect(eval(" ( 1 +\t2 ) ") == 3)
    }

    @Test func divisionIsTrueAndFloorDivisionFloors() {
        #expect(eval("7/2") == 3.5)
        #expect(eval("7//2") == 3)
        #expect(eval("-7//2") == -4)
        #expect(eval("7.5//2") == 3)
        #expect(eval("-7.5//2") == -4)
        #expect(eval("1/3") == 1.0 / 3.0)
    }

    @Test func decimals() {
        #expect(eval("1.5*2") == 3)
        #expect(eval(".5+1.") == 1.5)
        #expect(eval("0.25") == 0.25)
        #expect(eval("00") == 0)
        #expect(eval("007.5") == 7.5)
    }

    @Test func malformedInputIsNil() {
        for bad in [
            "", "(", "()", "1+", "*2", "1 2", "1(2)", "(1)(2)", "1.2.3", "1..2", ".", "07", "1+07",
            "2***3", "2*/3", "1+2)", "(1+2", "1\n+2", "1+x", "1e5", "1,2", "٣+1", "1\u{0B}+2", "1\u{A0}+2"
        ] {
            #expect(eval(bad) == nil, "\(bad.debugDescription)")
        }
        #expect(eval("(1+\n2)") == 3)  // implicit line joining inside parentheses
    }

    @Test func divisionByZeroAndNonRealResultsAreNil() {
        #expect(eval("1/0") == nil)
        #expect(eval("1/(2-2)") == nil)
        #expect(eval("1//0.0") == nil)
        #expect(eval("0**-1") == nil)
        #expect(eval("(-8)**.5") == nil)
        #expect(eval("10.0**400") == nil)  // Python: OverflowError
        #expect(eval("0**0") == 1)
        #expect(eval("(-8)**2.0") == 64)
    }

    @Test func integersStayExact() {
        #expect(eval("9007199254740993-9007199254740992") == 1)  // 2^53 + 1 is exact as Int
        #expect(eval("3**40-3**40") == 0)
    }
}
